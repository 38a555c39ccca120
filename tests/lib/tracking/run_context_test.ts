import { assert, assertMatch, assertStrictEquals } from "../../_helpers/assert.ts";
import { gitCommit, hostTags, runContextTags } from "../../../lib/tracking/run_context.ts";

Deno.test("gitCommit() returns HEAD in a repository and 'unknown' outside one", async () => {
  const repo = await Deno.makeTempDir();
  const empty = await Deno.makeTempDir();
  try {
    const git = (...args: string[]) =>
      new Deno.Command("git", { args, cwd: repo, stdout: "null", stderr: "null" }).output();
    const init = await git("init", "-q").catch(() => undefined);
    if (init?.success) {
      await Deno.writeTextFile(`${repo}/f`, "x");
      await git("add", "f");
      await git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "m");
      const head = new TextDecoder().decode(
        (await new Deno.Command("git", { args: ["rev-parse", "HEAD"], cwd: repo }).output()).stdout,
      ).trim();
      assertStrictEquals(await gitCommit(repo), head);
    }
    assertStrictEquals(await gitCommit(empty), "unknown");
  } finally {
    await Deno.remove(repo, { recursive: true });
    await Deno.remove(empty, { recursive: true });
  }
});

Deno.test("hostTags() and runContextTags() name the host, platform and kind", async () => {
  const h = hostTags();
  assert(h["chronos.host"]!.length > 0);
  assertStrictEquals(h["chronos.platform"], `${Deno.build.os}-${Deno.build.arch}`);
  const tags = await runContextTags("finetune");
  assertStrictEquals(tags["chronos.run_kind"], "finetune");
  assertMatch(tags["mlflow.source.git.commit"]!, /^([0-9a-f]{40}|unknown)$/);
});
