// The project's APIs the cluster needs (catalog gkeFacts.requiredApis), enabled before anything else
// of the cluster. Enabling is idempotent and project-wide, and other stacks or clusters of the same
// project use them too: so they are never disabled on delete (disableOnDestroy: false), and a second
// cluster in the project enabling the same API again changes nothing.
import * as projects from "@pulumi/gcp/projects/index.js";
import { gkeFacts } from "../../src/catalog/gke.ts";
import { childOpts, type GkeScope } from "./scope.ts";

export function enableApis(scope: GkeScope): projects.Service[] {
  return gkeFacts.requiredApis.map(
    (service) =>
      new projects.Service(
        `${scope.name}-api-${service.split(".")[0]}`,
        { project: scope.settings.project, service, disableOnDestroy: false, disableDependentServices: false },
        childOpts(scope),
      ),
  );
}
