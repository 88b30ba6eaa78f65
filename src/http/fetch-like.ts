/** A fetch-compatible function: the transport, or one injected (the simulator's in tests, a user's own). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
