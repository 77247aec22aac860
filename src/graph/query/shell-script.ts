/**
 * What a shell script calls, from a real parse: mvdan/sh's parser (the one shfmt uses), compiled
 * to JavaScript (npm `mvdan-sh`), loaded the first time a script is parsed, never at start-up;
 * from the built bin with a code cache of its own (dist/mvdan-sh.cache), which halves its load.
 * Chosen by measurement over sh-syntax (the same parser as WebAssembly: asynchronous, and about
 * 15x slower here), tree-sitter-bash (fastest, but ERROR nodes on 2 of 57 real initrd scripts,
 * an asynchronous start and a 20 MB package) and bash-parser (failed 13 of 57); see
 * docs/checks/command-not-in-image.md for the numbers.
 *
 * For each call: its literal command name, line, and how its failure is handled: `guarded` when
 * the failure cannot end a `set -e` script (an `if`/`while` condition, the left side of `&&`,
 * `!`, a pipeline before its last command, a command substitution, a function body, a background
 * job), `ignored` when the script says so (`X || ...`). Names the script tests for (`command -v
 * X`, `type X`, `which X`, `hash X`) are listed so that they are not reported.
 */
import { createRequire } from 'node:module';

export interface ScriptCall {
  readonly name: string;
  readonly line: number;
  readonly guarded: boolean;
  readonly ignored: boolean;
}

export interface ScriptFacts {
  readonly calls: readonly ScriptCall[];
  readonly functions: ReadonlySet<string>;
  /** Names tested for with command -v / type / which / hash. */
  readonly tested: ReadonlySet<string>;
  /** `. FILE` / `source FILE`: the literal path, or null when it is not literal. */
  readonly sources: ReadonlyArray<{ readonly path: string | null; readonly line: number }>;
  /** `set -e` (or -o errexit) at the top level, or `-e` on the #! line. */
  readonly errexit: boolean;
  /**
   * PATH as the script sets it at the top level, in order: each entry's directories
   * (`$PATH` kept as the word 'PATH$'), or null where the value is not literal.
   */
  readonly pathSets: ReadonlyArray<{ readonly line: number; readonly dirs: readonly string[] | null }>;
  /** PATH is assigned somewhere else than at the top level (a function, a condition): PATH unknown. */
  readonly pathElsewhere: boolean;
}

// The GopherJS objects of mvdan/sh's syntax package, as far as they are used here.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Node = any;
interface Syntax {
  NewParser(...opts: unknown[]): { Parse(text: string, name: string): Node };
  NodeType(n: Node): string;
  Walk(n: Node, fn: (n: Node) => boolean): void;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

let syntax: Syntax | undefined;
/** bin/unitgraph.js's loader of a package with a code cache of its own in dist/ (undefined: none usable). */
type RequireCached = (file: string, name: string) => unknown;
const load = (): Syntax => {
  if (syntax === undefined) {
    const require = createRequire(import.meta.url);
    const cached = (globalThis as Record<symbol, unknown>)[Symbol.for('unitgraph.requireCached')] as RequireCached | undefined;
    const exports = (cached?.(require.resolve('mvdan-sh'), 'mvdan-sh') ?? require('mvdan-sh')) as { syntax: Syntax };
    syntax = exports.syntax;
  }
  return syntax;
};

/** The parser's syntax package, loading it if need be (for tests). */
export const shellSyntax = (): Syntax => load();

/** Whether the shell parser has been loaded in this process (for the start-up test). */
export const shellParserLoaded = (): boolean => syntax !== undefined;

/**
 * syntax.NodeType(n), which formats the Go type with fmt.Sprintf("%T") on every call (the most
 * costly part of walking a tree), read instead from the Go value the JavaScript object wraps
 * (GopherJS's `__internal_object__`): its type's name is what %T prints, "*syntax.CallExpr", cut
 * after its last `*`, `.` or `]` as NodeType cuts it. An object without one goes to NodeType.
 * test/graph/query/shell-script.test.ts compares the two on every node of real scripts.
 */
export const nodeType = (sx: Syntax, n: Node): string => {
  const name: unknown = n?.__internal_object__?.constructor?.string;
  if (typeof name !== 'string') return sx.NodeType(n);
  const cut = Math.max(name.lastIndexOf('*'), name.lastIndexOf('.'), name.lastIndexOf(']'));
  return name.slice(cut + 1);
};

const OP_AND = 10;
const OP_OR = 11;
const OP_PIPE = 12;
const OP_PIPE_ALL = 13;

interface Ctx {
  readonly guarded: boolean;
  readonly ignored: boolean;
  readonly top: boolean;
}

class Collector {
  readonly calls: ScriptCall[] = [];
  readonly functions = new Set<string>();
  readonly tested = new Set<string>();
  readonly sources: Array<{ path: string | null; line: number }> = [];
  readonly pathSets: Array<{ line: number; dirs: string[] | null }> = [];
  pathElsewhere = false;
  errexit = false;

  constructor(private readonly sx: Syntax) {}

  stmts(list: Node, ctx: Ctx): void {
    if (list === null || list === undefined) return;
    for (let i = 0; i < list.length; i++) this.stmt(list[i], ctx);
  }

  stmt(s: Node, ctx: Ctx): void {
    if (s === null || s === undefined) return;
    const c: Ctx = s.Negated === true || s.Background === true || s.Coprocess === true ? { ...ctx, guarded: true, top: false } : ctx;
    this.cmd(s.Cmd, c, s.Pos().Line() as number);
  }

  private cmd(n: Node, ctx: Ctx, line: number): void {
    if (n === null || n === undefined) return;
    const sx = this.sx;
    const inner: Ctx = { ...ctx, top: false };
    const cond: Ctx = { ...ctx, guarded: true, top: false };
    switch (nodeType(sx, n)) {
      case 'CallExpr':
        return this.call(n, ctx, line);
      case 'BinaryCmd': {
        const op = n.Op as number;
        if (op === OP_AND) {
          this.stmt(n.X, cond);
          this.stmt(n.Y, inner);
        } else if (op === OP_OR) {
          this.stmt(n.X, { ...ctx, ignored: true, top: false });
          this.stmt(n.Y, inner);
        } else if (op === OP_PIPE || op === OP_PIPE_ALL) {
          this.stmt(n.X, cond);
          this.stmt(n.Y, inner);
        } else {
          this.stmt(n.X, inner);
          this.stmt(n.Y, inner);
        }
        return;
      }
      case 'IfClause':
        this.stmts(n.Cond, cond);
        this.stmts(n.Then, inner);
        if (n.Else !== null && n.Else !== undefined) this.cmd(n.Else, ctx, line);
        return;
      case 'WhileClause':
        this.stmts(n.Cond, cond);
        this.stmts(n.Do, inner);
        return;
      case 'ForClause':
        this.words(n.Loop?.Items, cond);
        this.stmts(n.Do, inner);
        return;
      case 'CaseClause':
        this.word(n.Word, cond);
        for (let i = 0; i < (n.Items?.length ?? 0); i++) this.stmts(n.Items[i].Stmts, inner);
        return;
      case 'Block':
      case 'Subshell':
        this.stmts(n.Stmts, inner);
        return;
      case 'FuncDecl':
        this.functions.add(n.Name.Value as string);
        this.stmt(n.Body, { guarded: true, ignored: false, top: false });
        return;
      case 'DeclClause': {
        for (let i = 0; i < (n.Args?.length ?? 0); i++) {
          const a = n.Args[i];
          if (a.Name?.Value === 'PATH' && a.Value !== null && a.Value !== undefined) this.setPath(a.Value, ctx, line);
          if (a.Value !== null && a.Value !== undefined) this.word(a.Value, cond);
        }
        return;
      }
      case 'TimeClause':
        this.stmt(n.Stmt, ctx);
        return;
      default:
        // tests, arithmetic, let, coproc ...: no command names of their own; their words may hold substitutions
        this.walkWords(n, cond);
    }
  }

  private call(n: Node, ctx: Ctx, line: number): void {
    const assigns = n.Assigns ?? [];
    for (let i = 0; i < assigns.length; i++) {
      const a = assigns[i];
      if (a.Name?.Value === 'PATH' && (n.Args?.length ?? 0) === 0 && a.Value !== null && a.Value !== undefined) this.setPath(a.Value, ctx, line);
      if (a.Value !== null && a.Value !== undefined) this.word(a.Value, { ...ctx, guarded: true, top: false });
    }
    const args = n.Args ?? [];
    const lits: string[] = [];
    for (let i = 0; i < args.length; i++) lits.push(args[i].Lit() as string);
    for (let i = 1; i < args.length; i++) this.word(args[i], { ...ctx, guarded: true, top: false });
    let k = 0;
    // wrappers that run the next word: exec X, command X (not command -v)
    while ((lits[k] === 'exec' || lits[k] === 'command') && lits[k + 1] !== undefined && !(lits[k + 1] as string).startsWith('-')) k++;
    const name = lits[k];
    if (name === undefined || name === '') {
      if (args.length > 0) this.word(args[0], { ...ctx, guarded: true, top: false });
      return;
    }
    const rest = lits.slice(k + 1);
    if ((name === 'command' && (rest[0] === '-v' || rest[0] === '-V')) || name === 'type' || name === 'which' || name === 'hash') {
      for (const r of rest) if (r !== '' && !r.startsWith('-')) this.tested.add(r.slice(r.lastIndexOf('/') + 1));
    }
    if ((name === '.' || name === 'source') && args.length > k + 1) {
      const p = rest[0] ?? '';
      this.sources.push({ path: p === '' ? null : p, line });
    }
    if (name === 'set' && ctx.top && rest.some((r) => /^-[a-zA-Z]*e/.test(r) || r === 'errexit')) this.errexit = true;
    if (name === 'PATH' || name.startsWith('PATH=')) return;
    this.calls.push({ name, line, guarded: ctx.guarded, ignored: ctx.ignored });
  }

  private setPath(value: Node, ctx: Ctx, line: number): void {
    if (!ctx.top) {
      this.pathElsewhere = true;
      return;
    }
    const dirs: string[] = [];
    let cur = '';
    const parts = value.Parts ?? [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const t = nodeType(this.sx, p);
      if (t === 'Lit' || t === 'SglQuoted') cur += p.Value as string;
      else if (t === 'ParamExp' && p.Param?.Value === 'PATH' && p.Exp === null && p.Slice === null && p.Repl === null && p.Length !== true) cur += '\u0000PATH\u0000';
      else if (t === 'DblQuoted' && (p.Parts?.length ?? 0) === 1 && nodeType(this.sx, p.Parts[0]) === 'Lit') cur += p.Parts[0].Value as string;
      else {
        this.pathSets.push({ line, dirs: null });
        return;
      }
    }
    for (const d of cur.split(':')) dirs.push(d === '\u0000PATH\u0000' ? 'PATH$' : d);
    this.pathSets.push({ line, dirs });
  }

  private words(list: Node, ctx: Ctx): void {
    for (let i = 0; i < (list?.length ?? 0); i++) this.word(list[i], ctx);
  }

  /** Commands inside a word: $(...) and `...`, and process substitutions. */
  private word(w: Node, ctx: Ctx): void {
    if (w === null || w === undefined) return;
    // a word of literal parts only (syntax.Word's Lit() is not empty) holds no substitution: most
    // words are, and walking one through the GopherJS objects costs far more than asking
    if (typeof w.Lit === 'function' && w.Lit() !== '') return;
    this.walkWords(w, ctx);
  }

  private walkWords(n: Node, ctx: Ctx): void {
    const sx = this.sx;
    const seen: Node[] = [];
    const visit = (x: Node): void => {
      if (x === null || x === undefined || typeof x !== 'object') return;
      if (seen.includes(x)) return;
      seen.push(x);
      let t = '';
      try {
        t = nodeType(sx, x);
      } catch {
        // a struct that is no syntax.Node (ParamExp's Expansion, Slice, Replace): look inside it
      }
      if (t === 'CmdSubst' || t === 'ProcSubst') {
        this.stmts(x.Stmts, { ...ctx, guarded: true, top: false });
        return;
      }
      for (const key of ['Parts', 'Args', 'X', 'Y', 'Value', 'Word', 'Exps', 'Index', 'Exp', 'Repl', 'Orig', 'With', 'Slice', 'Offset', 'Length', 'Items']) {
        const v = x[key];
        if (v === null || v === undefined || typeof v !== 'object') continue;
        if (typeof v.length === 'number') for (let i = 0; i < v.length; i++) visit(v[i]);
        else visit(v);
      }
    };
    visit(n);
  }
}

const memo = new Map<string, ScriptFacts | { readonly error: string }>();

/** The facts of a shell script's text, or why it could not be parsed (memoised by text). */
export const scriptFacts = (text: string): ScriptFacts | { readonly error: string } => {
  let known = memo.get(text);
  if (known !== undefined) return known;
  const sx = load();
  try {
    let file: Node;
    try {
      file = sx.NewParser().Parse(text, '');
    } catch (e) {
      const msg = e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'Error' in e ? String((e as { Error(): string }).Error()) : String(e);
      known = { error: msg === '' || msg === 'undefined' ? 'syntax error' : msg };
      memo.set(text, known);
      return known;
    }
    const c = new Collector(sx);
    c.stmts(file.Stmts, { guarded: false, ignored: false, top: true });
    const shebang = /^#!\S+(?:\s+(-\S*e\S*))?/.exec(text);
    known = {
      calls: c.calls, functions: c.functions, tested: c.tested, sources: c.sources, pathSets: c.pathSets,
      pathElsewhere: c.pathElsewhere, errexit: c.errexit || (shebang?.[1] !== undefined),
    };
  } catch (e) {
    // a tree this walker does not understand: said as such, never a guess
    known = { error: `unitgraph could not walk its syntax tree (${e instanceof Error ? e.message : String(e)})` };
  }
  if (memo.size > 1000) memo.clear();
  memo.set(text, known);
  return known;
};
