/**
 * Counts the LF bytes in a buffer: the capture numbers every line a tool prints, so this runs over every byte of
 * output. Buffer#indexOf once per line costs a call into C++ per line (~45 ms per 200 MB of 80-byte lines, ~175 ms
 * for 20-byte lines); a 16-bytes-at-a-time WebAssembly loop, including the copy into its memory, ~10 ms whatever the
 * line length. Hand-written: no npm package counts bytes, and this is 280 bytes with nothing to keep up to date.
 * Where WebAssembly cannot be compiled (V8 with --jitless), the indexOf loop is used.
 *
 * The module, assembled from this text (wabt's wat2wasm, SIMD on); tests/unit/runner/lf-count.test.ts checks it
 * against the indexOf loop:
 *
 *   (module
 *     (memory (export "memory") 1)
 *     (func (export "count") (param $len i32) (result i32)
 *       (local $i i32) (local $end i32) (local $stop i32) (local $total i32) (local $acc v128) (local $nl v128)
 *       (local.set $nl (i8x16.splat (i32.const 10)))
 *       (local.set $end (i32.and (local.get $len) (i32.const -64)))
 *       (block $done
 *         (loop $batch
 *           (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
 *           ;; at most 63 rounds of 4 vectors per batch: a lane of acc counts to at most 252, within its byte
 *           (local.set $stop (i32.add (local.get $i) (i32.const 4032)))
 *           (if (i32.gt_u (local.get $stop) (local.get $end)) (then (local.set $stop (local.get $end))))
 *           (local.set $acc (v128.const i64x2 0 0))
 *           (loop $round
 *             (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=0 (local.get $i)) (local.get $nl))))
 *             (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=16 (local.get $i)) (local.get $nl))))
 *             (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=32 (local.get $i)) (local.get $nl))))
 *             (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=48 (local.get $i)) (local.get $nl))))
 *             (local.set $i (i32.add (local.get $i) (i32.const 64)))
 *             (br_if $round (i32.lt_u (local.get $i) (local.get $stop))))
 *           (local.set $acc (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc))))
 *           (local.set $total (i32.add (local.get $total)
 *             (i32.add
 *               (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
 *               (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
 *           (br $batch)))
 *       (block $tail
 *         (loop $byte
 *           (br_if $tail (i32.ge_u (local.get $i) (local.get $len)))
 *           (local.set $total (i32.add (local.get $total) (i32.eq (i32.load8_u (local.get $i)) (i32.const 10))))
 *           (local.set $i (i32.add (local.get $i) (i32.const 1)))
 *           (br $byte)))
 *       (local.get $total)))
 */
const WASM =
  'AGFzbQEAAAABBgFgAX8BfwMCAQAFAwEAAQcSAgZtZW1vcnkCAAVjb3VudAAACugBAeUBAgR/AntBCv0PIQYgAEFAcSECAkADQCABIAJPDQEgAUHAH2ohAy' +
  'ADIAJLBEAgAiEDC/0MAAAAAAAAAAAAAAAAAAAAACEFA0AgBSAB/QAEACAG/SP9cSEFIAUgAf0ABBAgBv0j/XEhBSAFIAH9AAQgIAb9I/1xIQUgBSAB/QAEMCAG' +
  '/SP9cSEFIAFBwABqIQEgASADSQ0ACyAF/X39fyEFIAQgBf0bACAF/RsBaiAF/RsCIAX9GwNqamohBAwACwsCQANAIAEgAE8NASAEIAEtAABBCkZqIQQgAUEBai' +
  'EBDAALCyAECw==';

/** The module's memory: one 64 KiB page, counted a window at a time. */
const WINDOW = 64 * 1024;
const LF = 0x0a;

type Counter = (buf: Uint8Array) => number;

/** The fallback, and the reference the tests hold the module to. */
export function countByIndexOf(buf: Uint8Array): number {
  let n = 0;
  for (let i = buf.indexOf(LF); i >= 0; i = buf.indexOf(LF, i + 1)) n += 1;
  return n;
}

function wasmCounter(): Counter | null {
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(WASM, 'base64')));
    const { memory, count } = instance.exports as { memory: WebAssembly.Memory; count: (len: number) => number };
    const mem = new Uint8Array(memory.buffer, 0, WINDOW);
    return (buf) => {
      let n = 0;
      for (let at = 0; at < buf.length; at += WINDOW) {
        const part = buf.subarray(at, at + WINDOW);
        mem.set(part);
        n += count(part.length);
      }
      return n;
    };
  } catch {
    return null;
  }
}

let counter: Counter | null = null;

/** The number of LF bytes in `buf`. */
export function countLf(buf: Uint8Array): number {
  counter ??= wasmCounter() ?? countByIndexOf;
  return counter(buf);
}

/** Whether the WebAssembly counter is in use here (tests check it is, so the fast path is what they cover). */
export function lfCountIsWasm(): boolean {
  countLf(new Uint8Array(0));
  return counter !== countByIndexOf;
}
