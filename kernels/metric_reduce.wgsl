// metric_reduce: the sums behind point and probabilistic forecast metrics,
// reduced in one pass to one partial sum per workgroup and slot.
//
// What it computes. For each element i with actual y (skipped and counted
// when NaN), point forecast p, quantile forecasts q_k at levels tau_k and the
// error e = y - p, the slots are
//   0 count of scored elements           6 sum |y|
//   1 count of NaN actuals (skipped)     7 sum |e| / |y| over y != 0
//   2 sum (y - c)                        8 count of y == 0 (skipped by MAPE)
//   3 sum (y - c)^2                      9 sum 2|e| / (|y| + |p|) (0 when both are 0)
//   4 sum e^2                           10 count of q_lo <= y <= q_hi (interval coverage)
//   5 sum |e|                           11 count of NaN p where y is known (an error)
//   12 + 2k  sum pinball_tau_k(y - q_k)  13 + 2k  count of NaN q_k where y is known (an error)
// where c is a shift chosen by the host near the mean of y (it keeps
// sum (y - c)^2 - (sum (y - c))^2 / n well conditioned for R^2), and
// pinball_tau(u) = tau * u for u >= 0, (tau - 1) * u otherwise.
//
// Precision. Each invocation adds ITEMS_PER_THREAD terms per slot with
// Neumaier's compensated sum, then the workgroup combines the (sum, error)
// pairs in a tree with TwoSum. Each slot's partial is written as a pair; the
// host adds all partials in float64. Should a compiler fold the
// compensation away, what remains is still a pairwise tree whose error grows
// with log2(WORKGROUP_SIZE), not with n.
//
// Bindings (group 0):
//   0 uniform Params
//   1 actual     read        [n]                   f32 bits (u32, NaN tested on the bits)
//   2 point      read        [n]                   f32
//   3 qvalues    read        [n, quantiles]        f32, row-major
//   4 levels     read        [quantiles]           vec2<f32>: (tau, tau - 1), each rounded
//                                                  from float64 by the host
//   5 partials   read_write  [tiles, slots, 2]     f32 (sum, compensation)
//   with slots = 12 + 2 * quantiles.
//
// Workgroup layout. Workgroup (x, y): x picks a tile of
// WORKGROUP_SIZE * ITEMS_PER_THREAD consecutive elements (invocation l reads
// elements tile_start + k * WORKGROUP_SIZE + l); y = 0 computes slots 0..11,
// y = 1 + k computes slots 12 + 2k and 13 + 2k. The host dispatches
// (tiles, 1 + quantiles).
//
// Bounds. Elements at or past n contribute nothing. NaN is tested on the
// bits (compilers may assume that float NaN does not occur): a NaN actual is
// skipped and counted, a NaN forecast next to a known actual is counted and
// left out of the sums; the host then refuses the input.

override WORKGROUP_SIZE: u32;
override ITEMS_PER_THREAD: u32;

const BASE_SLOTS: u32 = 12u;

struct Params {
  n: u32,           // elements in this dispatch
  quantiles: u32,   // quantile levels Q
  lo_index: u32,    // level index of the interval's lower bound, >= Q when none
  hi_index: u32,    // level index of the interval's upper bound, >= Q when none
  shift: f32,       // c
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> actual: array<u32>;
@group(0) @binding(2) var<storage, read> point: array<f32>;
@group(0) @binding(3) var<storage, read> qvalues: array<f32>;
@group(0) @binding(4) var<storage, read> levels: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;

var<workgroup> sh_sum: array<f32, WORKGROUP_SIZE>;
var<workgroup> sh_err: array<f32, WORKGROUP_SIZE>;

fn is_nan_bits(bits: u32) -> bool {
  return (bits & 0x7fffffffu) > 0x7f800000u;
}

// Neumaier: adds x to the pair (sum, compensation).
fn add(acc: vec2<f32>, x: f32) -> vec2<f32> {
  let s = acc.x + x;
  var c: f32;
  if (abs(acc.x) >= abs(x)) {
    c = (acc.x - s) + x;
  } else {
    c = (x - s) + acc.x;
  }
  return vec2<f32>(s, acc.y + c);
}

// TwoSum of two pairs.
fn combine(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = a.x + b.x;
  let bb = s - a.x;
  let err = (a.x - (s - bb)) + (b.x - bb);
  return vec2<f32>(s, a.y + b.y + err);
}

// level = (tau, tau - 1).
fn pinball(level: vec2<f32>, u: f32) -> f32 {
  if (u >= 0.0) {
    return level.x * u;
  }
  return level.y * u;
}

// Tree-reduces one slot across the workgroup; invocation 0 writes the pair.
fn reduce_slot(lid: u32, tile: u32, slot: u32, value: vec2<f32>) {
  workgroupBarrier();
  sh_sum[lid] = value.x;
  sh_err[lid] = value.y;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let r = combine(
        vec2<f32>(sh_sum[lid], sh_err[lid]),
        vec2<f32>(sh_sum[lid + stride], sh_err[lid + stride]),
      );
      sh_sum[lid] = r.x;
      sh_err[lid] = r.y;
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let at = (tile * (BASE_SLOTS + 2u * params.quantiles) + slot) * 2u;
    partials[at] = sh_sum[0];
    partials[at + 1u] = sh_err[0];
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3<u32>,
) {
  let tile = wid.x;
  let start = tile * WORKGROUP_SIZE * ITEMS_PER_THREAD + lid;
  let q = params.quantiles;

  if (wid.y == 0u) {
    var acc: array<vec2<f32>, BASE_SLOTS>;
    let has_interval = params.lo_index < q && params.hi_index < q;
    for (var k = 0u; k < ITEMS_PER_THREAD; k++) {
      let i = start + k * WORKGROUP_SIZE;
      if (i >= params.n) {
        break;
      }
      let bits = actual[i];
      if (is_nan_bits(bits)) {
        acc[1] = add(acc[1], 1.0);
        continue;
      }
      let y = bitcast<f32>(bits);
      let p = point[i];
      if (is_nan_bits(bitcast<u32>(p))) {
        acc[11] = add(acc[11], 1.0);
        continue;
      }
      let e = y - p;
      let ae = abs(e);
      let ay = abs(y);
      let d = y - params.shift;
      acc[0] = add(acc[0], 1.0);
      acc[2] = add(acc[2], d);
      acc[3] = add(acc[3], d * d);
      acc[4] = add(acc[4], e * e);
      acc[5] = add(acc[5], ae);
      acc[6] = add(acc[6], ay);
      if (y == 0.0) {
        acc[8] = add(acc[8], 1.0);
      } else {
        acc[7] = add(acc[7], ae / ay);
      }
      let denom = ay + abs(p);
      if (denom > 0.0) {
        acc[9] = add(acc[9], 2.0 * ae / denom);
      }
      if (has_interval) {
        let lo = qvalues[i * q + params.lo_index];
        let hi = qvalues[i * q + params.hi_index];
        if (lo <= y && y <= hi) {
          acc[10] = add(acc[10], 1.0);
        }
      }
    }
    for (var slot = 0u; slot < BASE_SLOTS; slot++) {
      reduce_slot(lid, tile, slot, acc[slot]);
    }
    return;
  }

  let k_level = wid.y - 1u;
  let level = levels[k_level];
  var acc = vec2<f32>(0.0, 0.0);
  var nan_count = vec2<f32>(0.0, 0.0);
  for (var k = 0u; k < ITEMS_PER_THREAD; k++) {
    let i = start + k * WORKGROUP_SIZE;
    if (i >= params.n) {
      break;
    }
    let bits = actual[i];
    if (!is_nan_bits(bits)) {
      let f = qvalues[i * q + k_level];
      if (is_nan_bits(bitcast<u32>(f))) {
        nan_count = add(nan_count, 1.0);
      } else {
        acc = add(acc, pinball(level, bitcast<f32>(bits) - f));
      }
    }
  }
  reduce_slot(lid, tile, BASE_SLOTS + 2u * k_level, acc);
  reduce_slot(lid, tile, BASE_SLOTS + 2u * k_level + 1u, nan_count);
}
