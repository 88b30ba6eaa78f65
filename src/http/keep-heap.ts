/**
 * Keeps glibc from handing the heap back to the kernel between the reads of a big body.
 *
 * node:http's parser copies every body part it reads into a block of its own (64 KiB from a plain
 * socket), and V8 frees those blocks in batches at each GC. glibc returns the top of its heap to
 * the kernel whenever more than its trim threshold (128 KiB by default) lies free there, so the
 * heap shrank after every batch and the next reads faulted the same memory in again: ~1,500 more
 * page faults and ~6% of a 10,000-issue search (bench/search.mjs).
 *
 * glibc raises that threshold by itself once it frees a block it had to mmap: the mmap threshold
 * to the block's size and the trim threshold to twice that (the dynamic mmap threshold,
 * https://man7.org/linux/man-pages/man3/mallopt.3.html). One unused 8 MiB block, dropped at
 * once, does that when V8 collects it (the next GC, while the body is still being read): the
 * heap then keeps up to 16 MiB free for the next parts, and blocks under 8 MiB come from the heap
 * rather than from mmap for the rest of the process. Only the block's header page is ever
 * written. When MALLOC_TRIM_THRESHOLD_ or a sibling variable is set, glibc keeps the user's
 * settings and ignores the hint; other allocators (musl's) ignore it too. Responses under 1 MiB
 * (the plugin's, the exporter's) never give it.
 */

/** A body past this many bytes is big enough for the hint to pay. */
export const BIG_BODY_BYTES = 1 << 20;

const BLOCK_BYTES = 8 * 2 ** 20;

let given = false;

/** Gives the hint, once per process. */
export function keepHeapForBigBodies(): void {
  if (given) return;
  given = true;
  try {
    // allocUnsafeSlow: its own block, from malloc (not calloc) and not from Node's 8 KiB pool.
    Buffer.allocUnsafeSlow(BLOCK_BYTES);
  } catch {
    // No 8 MiB to spare (a strict overcommit limit): the body reads as well without the hint.
  }
}
