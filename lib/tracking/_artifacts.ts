/**
 * Puts one artifact file where a server's run keeps its artifacts: through
 * the artifact proxy (`mlflow-artifacts:`), or straight into the folder when
 * the server runs on this machine without the proxy (`file:`).
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MlflowClient } from "./mlflow_client.ts";

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
