import { INTEGRATION_SETUP_FILE } from "../../../src/sdk/integration-setup";
import { integrationSetupOf, type ServiceUse } from "../spec-services";
import type { GeneratedFile } from "./types";

/** integration-setup.json (version 1): the services the app's tools reach and how to connect them. */
export function integrationSetupManifest(services: ServiceUse[]): GeneratedFile {
  return {
    path: INTEGRATION_SETUP_FILE,
    content: `${JSON.stringify(integrationSetupOf(services), null, 2)}\n`,
  };
}
