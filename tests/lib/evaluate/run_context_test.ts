import { assertEquals } from "../../_helpers/assert.ts";
import { gitCommit, runContextTags } from "../../../lib/evaluate/run_context.ts";

const A = "a".repeat(40);
const B = "0123456789abcdef0123456789abcdef01234567";

Deno.test("gitCommit() follows HEAD to a loose ref, from a subfolder", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/.git/refs/heads`, { recursive: true });
    await Deno.mkdir(`${root}/sub/deeper`, { recursive: true });
    await Deno.writeTextFile(`${root}/.git/HEAD`, "ref: refs/heads/main\n");
    await Deno.writeTextFile(`${root}/.git/refs/heads/main`, `${A}\n`);
    assertEquals(await gitCommit(`${root}/sub/deeper`), A);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("gitCommit() reads packed refs and detached heads", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/.git`);
    await Deno.writeTextFile(`${root}/.git/HEAD`, "ref: refs/heads/dev\n");
    await Deno.writeTextFile(
      `${root}/.git/packed-refs`,
      `# pack-refs with: peeled\n${A} refs/heads/main\n${B} refs/heads/dev\n`,
    );
    assertEquals(await gitCommit(root), B);
    await Deno.writeTextFile(`${root}/.git/HEAD`, `${A}\n`);
    assertEquals(await gitCommit(root), A);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("runContextTags() names the run kind, commit and host", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/.git`);
    await Deno.writeTextFile(`${root}/.git/HEAD`, `${B}\n`);
    const tags = await runContextTags("zero-shot", root);
    assertEquals(tags.run_kind, "zero-shot");
    assertEquals(tags.git_commit, B);
    assertEquals(tags["mlflow.source.git.commit"], B);
    assertEquals(tags.host, Deno.hostname());
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
