// Hash routing: `#/corpora` and friends. Pages are listed once here; the nav and App read it.

export interface Route {
  path: string;
  title: string;
}

export const routes: Route[] = [
  { path: 'corpora', title: 'Corpora' },
  { path: 'tokenizer', title: 'Tokenizer' },
  { path: 'embeddings', title: 'Embeddings' },
  { path: 'engine', title: 'Engine' },
  { path: 'gpt', title: 'GPT' },
  { path: 'classifier', title: 'Classifier' },
  { path: 'attention', title: 'Attention' },
  { path: 'fewshot', title: 'Few-shot' },
  { path: 'compare', title: 'Compare' },
];

function current(): string {
  const path = location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return routes.some((r) => r.path === path) ? path : routes[0]!.path;
}

class Router {
  path = $state(current());

  constructor() {
    window.addEventListener('hashchange', () => (this.path = current()));
  }
}

export const router = new Router();
