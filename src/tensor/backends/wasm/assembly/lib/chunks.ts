// Work shared by threads in chunks they take as they come (imported, not an entry of the build).
// A call's control words at `ctl`: an i64 holding the call's sequence number (high half) and the
// next unit of work (low half), then an i32 counting the units done, which the caller waits for.

/**
 * The next chunk of call `seq` for this thread as units [start, end) (start in the high half of
 * the result), or -1 when the call has none left or is over: a thread that wakes after its call
 * is over finds another number in the control word and takes nothing. Chunks shrink as the work
 * runs out (a share 1/divisor of what is left, at least `least` units), so the threads finish
 * close together.
 */
export function takeChunk(ctl: usize, seq: u32, count: i32, divisor: i32, least: i32): i64 {
  let v = atomic.load<i64>(ctl);
  while (<u32>(<u64>v >> 32) == seq && <i32>(v & 0xffffffff) < count) {
    const next = <i32>(v & 0xffffffff);
    const end = min(count, next + max(least, (count - next + divisor - 1) / divisor));
    const seen = atomic.cmpxchg<i64>(ctl, v, v - next + end);
    if (seen == v) return (<i64>next << 32) | <i64>end;
    v = seen;
  }
  return -1;
}

/** Counts the chunk from takeChunk done, and wakes the caller when it was the last. */
// @ts-ignore: decorator
@inline export function chunkDone(ctl: usize, chunk: i64, count: i32): void {
  const units = <i32>(chunk & 0xffffffff) - <i32>(chunk >> 32);
  if (atomic.add<i32>(ctl + 8, units) + units == count) atomic.notify(ctl + 8, 1);
}
