/** Entry of the page bundle: read the embedded RenderInput and start the app. */
import { APP_ELEMENT_ID, DATA_ELEMENT_ID } from '../src/render/html/page.js';
import type { RenderInput } from '../src/render/types.js';
import { startApp } from './app.js';

const root = document.getElementById(APP_ELEMENT_ID);
const data = document.getElementById(DATA_ELEMENT_ID);
if (root !== null) {
  const fail = (e: unknown): void => {
    root.dataset['error'] = 'true';
    const p = document.createElement('p');
    p.className = 'ug-error';
    p.textContent = `unitgraph: could not draw the page: ${e instanceof Error ? e.message : String(e)}`;
    root.replaceChildren(p);
  };
  try {
    const input = JSON.parse(data?.textContent ?? 'null') as RenderInput | null;
    if (input === null) throw new Error('no graph data in the page');
    startApp(root, input).catch(fail);
  } catch (e) {
    fail(e);
  }
}
