// window_gather: builds one batch of forecast windows from series rows.
//
// What it computes. The series buffer holds `rows` rows of `length` f32
// values each (row 0 of the whole batch is the target, the others are
// covariates). For window b with origin o (the first forecast step) and row r:
//   context[b, r, j] = series[r, o - L + j]   for j in [0, L), NaN where o - L + j < 0
//   future[b, r, h]  = series[r, o + h]       for h in [0, H), when row r is known in
//                                              advance and o + h < length; NaN otherwise
//   target[b, h]     = series[0, o + h]       NaN where o + h >= length
//                                              (written only when row_offset == 0)
//   group_ids[b, r]  = window_offset + b
// Values are copied as raw 32-bit patterns (array<u32>), so the result is
// bit-identical to the CPU reference, NaN payloads and signed zeros included.
//
// Bindings (group 0):
//   0 uniform Params
//   1 series        read        [rows, length]      f32 bits
//   2 origins       read        [windows]           i32
//   3 future_known  read        [rows]              u32 (0 or 1)
//   4 context_out   read_write  [windows, rows, L]  f32 bits
//   5 future_out    read_write  [windows, rows, H]  f32 bits
//   6 target_out    read_write  [windows, H]        f32 bits
//   7 group_ids     read_write  [windows, rows]     i32
//
// Workgroup layout. One invocation per (window, row, step) with step in
// [0, L + H): steps below L write the context, the others the future (and the
// target for row 0). The grid is 2-D when the work exceeds the per-dimension
// limit: i = gid.x + gid.y * num_workgroups.x * WORKGROUP_SIZE.
//
// Bounds. Invocations with i >= windows * rows * (L + H) return at once. The
// host guarantees 0 <= o <= length and that every binding fits the device
// limit (it splits larger batches over windows and rows).

override WORKGROUP_SIZE: u32;

const NAN_BITS: u32 = 0x7fc00000u;

struct Params {
  windows: u32,         // windows in this dispatch
  rows: u32,            // series rows in this dispatch
  length: u32,          // series length T
  context_length: u32,  // L
  prediction_length: u32, // H
  window_offset: u32,   // index of this dispatch's first window in the whole batch
  row_offset: u32,      // index of this dispatch's first row among all rows
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> series: array<u32>;
@group(0) @binding(2) var<storage, read> origins: array<i32>;
@group(0) @binding(3) var<storage, read> future_known: array<u32>;
@group(0) @binding(4) var<storage, read_write> context_out: array<u32>;
@group(0) @binding(5) var<storage, read_write> future_out: array<u32>;
@group(0) @binding(6) var<storage, read_write> target_out: array<u32>;
@group(0) @binding(7) var<storage, read_write> group_ids: array<i32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
) {
  let steps = params.context_length + params.prediction_length;
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.windows * params.rows * steps) {
    return;
  }
  let wr = i / steps;           // (window, row) pair
  let j = i - wr * steps;       // step within the window
  let b = wr / params.rows;
  let r = wr - b * params.rows;
  let o = origins[b];
  let row_start = r * params.length;

  if (j < params.context_length) {
    let t = o - i32(params.context_length) + i32(j);
    var v = NAN_BITS;
    if (t >= 0) {
      v = series[row_start + u32(t)];
    }
    context_out[wr * params.context_length + j] = v;
    if (j == 0u) {
      group_ids[wr] = i32(params.window_offset + b);
    }
    return;
  }

  let h = j - params.context_length;
  let t = u32(o) + h;
  let inside = t < params.length;
  var v = NAN_BITS;
  if (inside && future_known[r] != 0u) {
    v = series[row_start + t];
  }
  future_out[wr * params.prediction_length + h] = v;
  if (params.row_offset + r == 0u) {
    var y = NAN_BITS;
    if (inside) {
      y = series[t];
    }
    target_out[b * params.prediction_length + h] = y;
  }
}
