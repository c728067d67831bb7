// names.mjs turns Chinese names into Traditional Chinese (OpenCC, cn -> tw)
// and toneless pinyin: one name a line on stdin, "tw<TAB>pinyin" a line on
// stdout. gen.go runs it with NODE_PATH holding pinyin-pro and opencc-js.
import { readFileSync } from 'node:fs';
const dir = process.argv[2];
const { pinyin } = await import(dir + '/pinyin-pro/dist/index.mjs');
const OpenCC = await import(dir + '/opencc-js/dist/esm/full.js');
const tw = OpenCC.Converter({ from: 'cn', to: 'tw' });
const out = [];
for (const n of readFileSync(0, 'utf8').split('\n')) {
  if (n === '') continue;
  out.push(tw(n) + '\t' + pinyin(n, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' '));
}
process.stdout.write(out.join('\n') + '\n');
