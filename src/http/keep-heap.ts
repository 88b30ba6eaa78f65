/**
 * Keeps glibc from handing the heap back to the kernel between the reads of a big body.
 *
 * node:http's parser copies every body part it reads into a block of its own (64 KiB from a plain
 * socket), and V8 frees those blocks in batches at each GC. glibc returns the top of its heap to
 * the kernel whenever more than its trim threshold (128 KiB by default) lies free there, so after
 * every batch the heap shrinks, and the next reads fault the same memory in again: ~16 page
 * faults per part: ~1,500 more faults and ~6% of a 10,000-issue search (bench/search.mjs).
 *
 * glibc raises that threshold by itself once it frees a block it had to mmap: to twice the
 * block's size ("dynamic mmap threshold", mallopt(3) under M_MMAP_THRESHOLD and
 * M_TRIM_THRESHOLD). One unused 8 MiB block, dropped at once, does that: the heap then keeps up
 * to 16 MiB of free space for the next parts. The block is allocated uninitialised and never
 * written, so no page of it is ever touched; other allocators (musl's) ignore it.
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
