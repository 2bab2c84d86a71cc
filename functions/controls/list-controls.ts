import { controls } from '@ismf/controls/catalogue';
import { listControls as operation } from '@ismf/controls/operations';
import { controlView, staticPage } from '@ismf/controls/views';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ query }) => {
  const chosen = controls.filter(
    (control) => (!query.clause || control.clause.number === query.clause) && (!query.category || control.category.number === query.category),
  );
  return { body: staticPage(chosen.map(controlView), query) };
});
