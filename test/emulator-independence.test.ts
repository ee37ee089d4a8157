import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The emulator is a separate program that shares no code with the gateway, only the data files
 * in data/: whatever the gateway misreads in a schema, the emulator must read for itself. Every
 * relative import, require or dynamic import under src/emulator/ stays inside it.
 */
const EMULATOR = resolve(__dirname, '..', 'src', 'emulator');

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers in static imports and exports, `import type`, `require(…)`, `import(…)` and `jest.mock(…)`-style calls. */
function moduleSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

function leavesEmulator(file: string, specifier: string): boolean {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return false;
  const target = resolve(dirname(file), specifier);
  const fromEmulator = relative(EMULATOR, target);
  return fromEmulator.startsWith('..') || resolve(EMULATOR, fromEmulator) !== target;
}

describe('the emulator is independent of the gateway', () => {
  const files = typeScriptFiles(EMULATOR);

  it('finds the emulator sources, in every folder', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((file) => file.includes(`${join('emulator', 'cloudcontrol')}`))).toBe(true);
  });

  it('reads import and require specifiers of every form', () => {
    const source = [
      "import { a } from '../resource/arn';",
      "import type { B } from \"./b\";",
      "import * as c from '../../src/config/env-values';",
      "export { d } from '../d';",
      "import './side-effect';",
      "const e = require('../e');",
      "const f = await import('../f');",
      'import {\n  g,\n  h,\n} from "../multi-line";',
    ].join('\n');
    expect(moduleSpecifiers(source)).toEqual(
      expect.arrayContaining(['../resource/arn', './b', '../../src/config/env-values', '../d', './side-effect', '../e', '../f', '../multi-line']),
    );
    expect(leavesEmulator(join(EMULATOR, 'server.ts'), '../resource/arn')).toBe(true);
    expect(leavesEmulator(join(EMULATOR, 'cloudcontrol', 'service.ts'), '../store')).toBe(false);
    expect(leavesEmulator(join(EMULATOR, 'cloudcontrol', 'service.ts'), '../../config/env-values')).toBe(true);
    expect(leavesEmulator(join(EMULATOR, 'server.ts'), 'node:http')).toBe(false);
  });

  it.each(typeScriptFiles(EMULATOR).map((file) => [relative(EMULATOR, file), file]))('%s imports nothing outside src/emulator', (_name, file) => {
    const outside = moduleSpecifiers(readFileSync(file, 'utf8')).filter((specifier) => leavesEmulator(file, specifier));
    expect(outside).toEqual([]);
  });
});
