/**
 * Puts one artifact file where a server's run keeps its artifacts: through
 * the artifact proxy (`mlflow-artifacts:`), or straight into the folder when
 * the server runs on this machine without the proxy (`file:`).
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { listFiles } from "./_fs.ts";
import type { MlflowClient } from "./mlflow_client.ts";
import { refuseWeights } from "./validation.ts";

/**
 * Uploads or copies one file into a remote run's artifacts.
 *
 * @param client the server's client
 * @param artifactUri the run's `artifact_uri`
 * @param relPath path inside the artifacts
 * @param from the local file
 * @throws {RangeError} when the artifact store is neither proxied nor a local folder
 */
export async function putArtifact(
  client: MlflowClient,
  artifactUri: string,
  relPath: string,
  from: string,
): Promise<void> {
  if (artifactUri.startsWith("file:")) {
    const to = join(fileURLToPath(artifactUri), relPath);
    await Deno.mkdir(dirname(to), { recursive: true });
    await Deno.copyFile(from, to);
    return;
  }
  await client.uploadArtifact(artifactUri, relPath, await Deno.readFile(from));
}

/**
 * Checks an artifact sub-folder (relative, no `..`).
 *
 * @param artifactPath the folder inside a run's artifacts
 * @returns it, without leading/trailing slashes
 * @throws {RangeError} when it is absolute or climbs out with `..`
 */
export function checkArtifactPath(artifactPath: string): string {
  const p = artifactPath.replaceAll("\\", "/");
  if (p.startsWith("/") || p.split("/").includes("..")) {
    throw new RangeError(
      `Cannot use artifact path "${artifactPath}": give a relative folder without ".."`,
    );
  }
  return p.replace(/^\/+|\/+$/g, "");
}

/**
 * Lists `[source, target]` pairs for a file or folder, refusing weights.
 *
 * @param localPath file or folder
 * @param target where it goes (a path or an artifact path)
 * @returns the pairs, targets joined with `/`
 * @throws {WeightsArtifactError} when a file is model weights
 */
export async function artifactFiles(
  localPath: string,
  target: string,
): Promise<[string, string][]> {
  const info = await Deno.stat(localPath);
  const pairs: [string, string][] = info.isDirectory
    ? (await listFiles(localPath)).map((rel) => [join(localPath, rel), `${target}/${rel}`])
    : [[localPath, target]];
  for (const [from] of pairs) refuseWeights(from);
  return pairs;
}
