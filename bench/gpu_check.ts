// deno-lint-ignore-file no-console -- a bench script that reports on the terminal
/**
 * The GPU check (issue 18): one scripted run of a few minutes on a Linux
 * machine with an NVIDIA GPU, run by `bench/gpu_check.sh OUT_DIR`.
 *
 *   deno run -A bench/gpu_check.ts OUT_DIR [--from DIR] [--seconds 5] [--skip-setup] [--only A,B]
 *
 * Steps, each a subprocess with its own deadline, its output in
 * `OUT_DIR/<step>.log` (JSON ones also in `OUT_DIR/<step>.json`):
 * 1. `deno task setup-gpu [--from DIR]`: the CUDA provider, verified;
 * 2. `deno task doctor --json` and the text form;
 * 3. `deno task parity tests/fixtures/chronos2-tiny --execution-provider cuda`,
 *    then `webgpu` (ORT's own WebGPU provider): exit 1 if it fell back to the CPU;
 * 4. the WGSL kernel tests (tests/kernels, tests/lib/gpu) on the adapter Deno
 *    picks, noted as hardware or fallback from the doctor's report;
 * 5. the kernel benches (bench/kernels: GPU and CPU paths side by side);
 * 6. the inference bench (full-size random Chronos-2, context 512, batch 1,
 *    32, 256) on cpu, cuda and webgpu.
 *
 * `OUT_DIR/summary.md` (and `summary.json`) lists each step's exit code,
 * seconds and the line that matters. The exit code is 0 when every step
 * passed.
 *
 * @module
 */

interface Step {
  name: string;
  args: string[];
  timeoutS: number;
  env?: Record<string, string>;
  /** Picks the line worth showing from the output. */
  note?: (out: string) => string;
  /** Why a step that exited 0 still failed (e.g. it ran on the CPU), or `null`. */
  check?: (out: string) => string | null;
}

interface StepResult {
  name: string;
  code: number | "timeout" | "fell back";
  seconds: number;
  note: string;
}

function usage(): never {
  console.error(
    "Usage: deno run -A bench/gpu_check.ts OUT_DIR [--from DIR] [--seconds N] [--skip-setup] [--only STEP,STEP]",
  );
  Deno.exit(2);
}

const args = [...Deno.args];
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) usage();
  args.splice(i, 2);
  return v;
};
const from = flag("from");
const seconds = flag("seconds") ?? "5";
const only = flag("only")?.split(",");
const skipSetup = args.includes("--skip-setup");
const positional = args.filter((a) => a !== "--skip-setup");
if (positional.length !== 1 || positional[0]!.startsWith("--")) usage();
const OUT = positional[0]!.replace(/\/+$/, "");
await Deno.mkdir(OUT, { recursive: true });

const firstMatch = (re: RegExp) => (out: string) => out.match(re)?.[0]?.trim() ?? "";
const parityNote = (out: string) =>
  [
    firstMatch(/^\d+ passed, \d+ failed.*$/m)(out),
    ...[...out.matchAll(/^(Execution provider|Parity ran).*$/gm)].map((m) => m[0].trim()),
  ]
    .filter((s) => s !== "").join(" / ");
const benchNote = (out: string) =>
  [...out.matchAll(/^\s*batch\s+\d+.*windows\/s.*$/gm)].map((m) => m[0].trim()).join("; ") +
  ` | ${firstMatch(/^session \(.*$/m)(out)}`;

/** The adapter Deno's WebGPU found, from the doctor's JSON (written by an earlier step). */
function adapterKind(): string {
  try {
    const a = JSON.parse(Deno.readTextFileSync(`${OUT}/doctor_json.json`)).webgpu?.adapter;
    return a
      ? (a.isFallbackAdapter ? `a software fallback (${a.description})` : "hardware")
      : "missing";
  } catch {
    return "unknown (doctor --json did not run)";
  }
}

const FIXTURE = "tests/fixtures/chronos2-tiny";
const steps: Step[] = [
  ...(skipSetup ? [] : [{
    name: "setup_gpu",
    args: ["task", "setup-gpu", ...(from ? ["--from", from] : [])],
    timeoutS: 600,
    note: firstMatch(/^(Verified|Error).*$/m),
  }]),
  { name: "doctor", args: ["task", "doctor"], timeoutS: 120, note: firstMatch(/^ {2}model:.*$/m) },
  { name: "doctor_json", args: ["task", "doctor", "--json"], timeoutS: 120 },
  {
    name: "parity_cuda",
    args: ["task", "parity", FIXTURE, "--execution-provider", "cuda"],
    timeoutS: 300,
    note: parityNote,
  },
  {
    name: "parity_webgpu",
    args: ["task", "parity", FIXTURE, "--execution-provider", "webgpu"],
    timeoutS: 300,
    note: parityNote,
  },
  {
    name: "kernel_tests",
    args: ["test", "--allow-all", "tests/kernels/", "tests/lib/gpu/"],
    timeoutS: 300,
    note: firstMatch(/^(ok|FAILED) \|.*$/m),
    check: () => adapterKind() === "hardware" ? null : `the WebGPU adapter is ${adapterKind()}`,
  },
  {
    name: "kernel_bench",
    args: ["bench", "--allow-all", "bench/kernels/"],
    timeoutS: 300,
  },
  ...(["cpu", "cuda", "webgpu"] as const).map((ep) => ({
    name: `forward_bench_${ep}`,
    args: [
      "run",
      "--allow-all",
      "bench/models/chronos2/forward_bench.ts",
      "--batch",
      "1,32,256",
      "--threads",
      "0",
      "--seconds",
      seconds,
      "--ep",
      ep,
    ],
    timeoutS: 300,
    note: benchNote,
    check: (out: string) =>
      ep === "cpu" || out.includes(`, ${ep}): `)
        ? null
        : `the session ran on the CPU, not on ${ep}`,
  })),
];

const clip = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}…` : s);

// deno-lint-ignore no-control-regex -- strips the colour codes deno writes
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

async function run(step: Step): Promise<StepResult> {
  const t0 = performance.now();
  let code: StepResult["code"];
  let out = "";
  const child = new Deno.Command(Deno.execPath(), {
    args: step.args,
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...step.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }, step.timeoutS * 1000);
  try {
    const res = await child.output();
    const stdout = new TextDecoder().decode(res.stdout);
    out = plain(stdout + new TextDecoder().decode(res.stderr));
    const why = res.code === 0 ? step.check?.(out) ?? null : null;
    code = res.signal === "SIGKILL" ? "timeout" : why ? "fell back" : res.code;
    if (why) out += `\ngpu_check: ${why}\n`;
    if (step.name.endsWith("_json") || step.args.includes("--json")) {
      await Deno.writeTextFile(`${OUT}/${step.name}.json`, stdout);
    }
  } finally {
    clearTimeout(timer);
  }
  await Deno.writeTextFile(`${OUT}/${step.name}.log`, out);
  return {
    name: step.name,
    code,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    note: clip(
      [step.note?.(out) ?? "", code === "fell back" ? out.match(/gpu_check: (.*)$/m)?.[1] : ""]
        .filter((x) => x).join(" / "),
    ),
  };
}

const results: StepResult[] = [];
for (const step of steps.filter((s) => !only || only.includes(s.name))) {
  console.error(`== ${step.name}: deno ${step.args.join(" ")}`);
  const r = await run(step);
  results.push(r);
  console.error(`   exit ${r.code} in ${r.seconds} s${r.note ? `: ${r.note}` : ""}`);
}

let adapter = "unknown (doctor --json did not run)";
try {
  const d = JSON.parse(await Deno.readTextFile(`${OUT}/doctor_json.json`));
  const a = d.webgpu?.adapter;
  adapter = a
    ? `${a.description} (${a.isFallbackAdapter ? "software fallback" : "hardware"})`
    : "none";
} catch {
  // keep "unknown"
}
const failed = results.filter((r) => r.code !== 0);
const lines = [
  `# GPU check, ${new Date().toISOString()}`,
  "",
  `Kernels ran on the WebGPU adapter: ${adapter}`,
  "",
  "| step | exit | seconds | note |",
  "|---|---|---|---|",
  ...results.map((r) =>
    `| ${r.name} | ${r.code} | ${r.seconds} | ${r.note.replaceAll("|", "\\|")} |`
  ),
  "",
  failed.length === 0 ? "Every step passed." : `Failed: ${failed.map((r) => r.name).join(", ")}`,
];
await Deno.writeTextFile(`${OUT}/summary.md`, lines.join("\n") + "\n");
await Deno.writeTextFile(
  `${OUT}/summary.json`,
  JSON.stringify({ adapter, results }, null, 2) + "\n",
);
console.log(lines.join("\n"));
Deno.exit(failed.length === 0 ? 0 : 1);
