;; uint8 pixels to float32 in [-1, 1] with WebAssembly SIMD, for the shards
;; reader's worker threads (shard-read-worker.mjs). Compiled to
;; u8-to-f32.wasm.mjs by `node libs/data/scripts/build-wasm.mjs` (wabt); a test
;; fails when that file is stale.
;;
;; The value of byte v is (v - 127.5) / 127.5 computed in float32: one correctly
;; rounded division of an exact numerator, so it equals Math.fround(v / 127.5 - 1),
;; the scalar readers' value, for all 256 v (tested).
(module
  (memory (export "memory") 1)
  ;; convert(offsets, n, bytes, dst): for i < n, the `bytes` uint8 values at
  ;; address offsets[i] (a uint32 array at `offsets`) become float32 values at
  ;; dst + i * bytes * 4. Sources need no alignment; 16 bytes per vector step,
  ;; the rest (bytes % 16) one at a time.
  (func (export "convert") (param $offsets i32) (param $n i32) (param $bytes i32) (param $dst i32)
    (local $i i32) (local $src i32) (local $end i32)
    (local $v v128) (local $w v128) (local $half v128)
    (local.set $half (f32x4.splat (f32.const 127.5)))
    (block $done
      (loop $record
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $src (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.add (local.get $src) (local.get $bytes)))
        (block $vector_done
          (loop $vector
            (br_if $vector_done (i32.gt_u (i32.add (local.get $src) (i32.const 16)) (local.get $end)))
            (local.set $v (v128.load (local.get $src)))
            (local.set $w (i16x8.extend_low_i8x16_u (local.get $v)))
            (v128.store offset=0 (local.get $dst)
              (f32x4.div (f32x4.sub (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $w))) (local.get $half)) (local.get $half)))
            (v128.store offset=16 (local.get $dst)
              (f32x4.div (f32x4.sub (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $w))) (local.get $half)) (local.get $half)))
            (local.set $w (i16x8.extend_high_i8x16_u (local.get $v)))
            (v128.store offset=32 (local.get $dst)
              (f32x4.div (f32x4.sub (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $w))) (local.get $half)) (local.get $half)))
            (v128.store offset=48 (local.get $dst)
              (f32x4.div (f32x4.sub (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $w))) (local.get $half)) (local.get $half)))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
            (br $vector)))
        (block $scalar_done
          (loop $scalar
            (br_if $scalar_done (i32.ge_u (local.get $src) (local.get $end)))
            (f32.store (local.get $dst)
              (f32.div (f32.sub (f32.convert_i32_u (i32.load8_u (local.get $src))) (f32.const 127.5)) (f32.const 127.5)))
            (local.set $src (i32.add (local.get $src) (i32.const 1)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (br $scalar)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $record))))
)
