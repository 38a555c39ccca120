// Test helpers for the Chronos-2 tiny fixture (file-private: not re-exported anywhere).
import type { CaseJson } from "../../../models/chronos2/parity_cases.ts";

export const FIXTURE_DIR = new URL("../../fixtures/chronos2-tiny", import.meta.url).pathname;

export async function loadCase(name: string): Promise<CaseJson> {
  return JSON.parse(await Deno.readTextFile(`${FIXTURE_DIR}/cases/${name}.json`)) as CaseJson;
}
