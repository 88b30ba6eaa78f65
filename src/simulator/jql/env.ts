/** What evaluating a query needs to know: the data, the caller, the clock. */
import type { SimulatorState } from '../state.js';

/** The evaluation environment. */
export interface JqlEnv {
  readonly state: SimulatorState;
  /** The caller's name; undefined for anonymous. */
  readonly me: string | undefined;
  readonly now: number;
  /** validateQuery: values that do not exist are a 400 (else they match nothing). */
  readonly validate: boolean;
  /** Filters being expanded, to refuse `filter = x` loops. */
  readonly filters?: ReadonlySet<string>;
}
