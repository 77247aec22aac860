/**
 * The shell parser's node types, read from the Go value each JavaScript object wraps (nodeType),
 * against syntax.NodeType's own answer, on every node of real scripts: the examples' unit scripts,
 * the dracut scripts in the fixtures when they are built, and constructs chosen to cover every
 * kind of node the walker looks at. Then what scriptFacts finds in a script with command
 * substitutions in literal-looking places (a word walk that was skipped would miss them).
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nodeType, scriptFacts, shellSyntax } from '../../../src/graph/query/shell-script.js';
import { REPO } from '../../helpers/fixture.js';

const CONSTRUCTS = [
  'a=$(b | c) && d "${x:-$(e)}" ${y/a/b} ${z:1:2} ${#w} ${v[1]}',
  'for i in 1 "$(f)"; do g; done; for ((i=0; i<3; i++)); do :; done',
  'case "$x" in y|z) h ;; *) `k` ;; esac',
  '[[ -e x && $(l) == y ]] || ((1 + $(m)))',
  'while read -r a; do n; done < <(o); p > >(q) 2>&1',
  'if ! r; then s & else t; fi; { u; }; (v); time w; coproc x { y; }',
  'declare -x PATH="/bin:$PATH"; export A=1 B=$(z); let c=1+2; f() { g "$@"; }',
  "echo 'single' \"dq $(h) `i`\" $'ansi' $\"loc\" {a,b} ~/x *.c",
];

/** Regular files under `dir` that start with `#!`, at most `max`. */
const scriptsUnder = (dir: string, max: number): string[] => {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (out.length >= max) return;
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory() === true) walk(p);
      else if (st?.isFile() === true && st.size < 200_000 && readFileSync(p).subarray(0, 2).toString() === '#!') out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
};

describe('nodeType', () => {
  it('agrees with syntax.NodeType on every node of real scripts and of every construct', () => {
    const sx = shellSyntax();
    const texts = [...CONSTRUCTS, ...scriptsUnder(join(REPO, 'test/fixtures/build/dracut/big.root'), 60).map((f) => readFileSync(f, 'utf8'))];
    let nodes = 0;
    const kinds = new Set<string>();
    for (const text of texts) {
      let file;
      try {
        file = sx.NewParser().Parse(text, '');
      } catch {
        continue; // not a shell script this parser reads (a Python or awk script)
      }
      sx.Walk(file, (n) => {
        if (n === null || n === undefined) return true;
        const expected = sx.NodeType(n);
        expect(nodeType(sx, n)).toBe(expected);
        kinds.add(expected);
        nodes += 1;
        return true;
      });
    }
    expect(nodes).toBeGreaterThan(250); // the constructs alone have about 320
    for (const k of ['CallExpr', 'BinaryCmd', 'IfClause', 'WhileClause', 'ForClause', 'CaseClause', 'Block', 'Subshell', 'FuncDecl', 'DeclClause', 'TimeClause', 'CmdSubst', 'ProcSubst', 'ParamExp', 'DblQuoted', 'SglQuoted', 'Lit', 'Word']) {
      expect(kinds).toContain(k);
    }
  });
});

describe('scriptFacts', () => {
  it('finds the commands inside substitutions wherever a word holds one, and none in plain words', () => {
    const facts = scriptFacts('#!/bin/sh\nPATH=/bin\necho plain words "$(inquotes)" pre$(glued)post `tick` ${v:-$(dflt)}\nfor i in $(listing); do :; done\n');
    if ('error' in facts) throw new Error(facts.error);
    expect(facts.calls.map((c) => c.name).sort()).toEqual([':', 'dflt', 'echo', 'glued', 'inquotes', 'listing', 'tick']);
  });
});
