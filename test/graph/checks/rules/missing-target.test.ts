import rule from '../../../../src/graph/checks/rules/missing-target.js';
import { ruleTable } from '../../../helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'the NixOS initrd has initrd.target and an isolatable initrd-switch-root.target', files: {} },
    { name: 'a --target that exists', files: { 'my.target': '[Unit]\nDescription=mine\n' }, target: 'my.target' },
  ],
  invalid: [
    { name: 'a --target that does not exist', files: {}, target: 'nosuch.target', findings: [{ units: ['nosuch.target'], message: /does not exist in this image/ }] },
    { name: 'a --target that is masked', files: {}, links: { 'gone.target': '/dev/null' }, target: 'gone.target', findings: [{ units: ['gone.target'], message: /is masked/ }] },
    {
      name: 'initrd-switch-root.target without AllowIsolate=yes',
      files: { 'initrd-switch-root.target.d/no-isolate.conf': '[Unit]\nAllowIsolate=no\n' },
      findings: [{ units: ['initrd-switch-root.target'], message: /AllowIsolate=yes/ }],
    },
  ],
});
