/**
 * Bounds on what one request may make the simulator read: a body limit (larger for attachment and
 * avatar uploads) answered with Tomcat's 413 before the rest is read, and Tomcat's 400 for a Host
 * header that makes no URL. One unauthenticated 3 GiB POST used to be read whole.
 */
import type { Simulator } from './types.js';

const UPLOAD = /^\/rest\/api\/(2|latest)\/(issue\/[^/]+\/attachments|user\/avatar\/temporary|project\/[^/]+\/avatar\/temporary)\/?$/;

/** The most bytes a request to this path (context path included) may send. */
export function bodyLimit(sim: Simulator, pathname: string): number {
  const { contextPath, maxBodyBytes, maxAttachmentBytes } = sim.options;
  const path = contextPath && pathname.startsWith(contextPath) ? pathname.slice(contextPath.length) : pathname;
  return UPLOAD.test(path) ? maxAttachmentBytes : maxBodyBytes;
}

/** Tomcat's error report page (ErrorReportValve), as Jira's connector sends it. */
function tomcatError(status: number, reason: string, description: string): Response {
  const body = `<!doctype html><html lang="en"><head><title>HTTP Status ${status} – ${reason}</title></head><body><h1>HTTP Status ${status} – ${reason}</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> ${description}</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>`;
  return new Response(body, { status, headers: { 'content-type': 'text/html;charset=utf-8', 'content-language': 'en', connection: 'close' } });
}

/** The 413 for a body over the limit. */
export function payloadTooLarge(): Response {
  return tomcatError(413, 'Payload Too Large', 'The request is larger than the server is willing or able to process.');
}

/** The 400 for a request whose Host header or target makes no URL. */
export function badRequest(): Response {
  return tomcatError(400, 'Bad Request', 'The server cannot or will not process the request due to something that is perceived to be a client error (e.g., malformed request syntax, invalid request message framing, or deceptive request routing).');
}

/** Whether a Content-Length header already says the body is too big. */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  return contentLength !== null && contentLength !== undefined && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > limit;
}

/** Reads a body up to `limit` bytes; undefined (and the stream cancelled) past it. */
export async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
