import { builder } from '../builder';
import { memberDocumentation } from '../resources/api-model';
import { workflowKey } from './aws-owned';
import { Workflow } from './related-resources';
import { upstreamCost } from './upstream-cost';

builder.objectField(Workflow, 'data', (t) =>
  t.string({
    nullable: true,
    description:
      `${memberDocumentation('Workflow', 'data')} Cloud Control never returns it (the property is write-only), so it is read from ` +
      "Image Builder's GetWorkflow, only when selected, once per request for every pipeline that names the workflow.",
    extensions: upstreamCost({ perRow: 1 }),
    resolve: async (ref, _args, context) => (await context.loaders.workflows.load(await workflowKey(context, ref)))?.data ?? null,
  }),
);
