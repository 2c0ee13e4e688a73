// Markdown that hover and completion documentation share.
import { Catalog } from './catalogTypes';

/**
 * Actions named `service:Action` as Markdown links to their Service Authorization Reference entries,
 * comma-separated (`` [`iam:PassRole`](https://...) ``); a name the catalog does not know is written as
 * code without a link.
 */
export function actionLinks(catalog: Catalog, names: readonly string[]): string {
  return names.map((name) => {
    const colon = name.indexOf(':');
    const action = colon > 0 ? catalog.action(name.slice(0, colon), name.slice(colon + 1)) : undefined;
    return action ? `[\`${name}\`](${action.docUrl})` : `\`${name}\``;
  }).join(', ');
}
