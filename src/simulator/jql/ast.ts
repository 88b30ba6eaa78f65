/** The parsed form of a JQL query. */

/** A clause's right-hand side. */
export type Operand =
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'fn'; readonly name: string; readonly args: readonly string[] }
  | { readonly kind: 'list'; readonly items: readonly Operand[] };

/** A condition tree. */
export type Node =
  | { readonly kind: 'and' | 'or'; readonly items: readonly Node[] }
  | { readonly kind: 'not'; readonly item: Node }
  | { readonly kind: 'clause'; readonly field: string; readonly op: string; readonly operand: Operand };

/** One ORDER BY term. */
export interface SortTerm {
  readonly field: string;
  readonly direction: 'asc' | 'desc' | undefined;
}

/** A whole query: an optional condition and the sort. */
export interface Ast {
  readonly where: Node | undefined;
  readonly orderBy: readonly SortTerm[];
}
