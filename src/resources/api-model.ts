import { readDataFile } from './registry-schema';

interface Shape {
  type: string;
  pattern?: string;
  min?: number;
  max?: number;
  enum?: string[];
  documentation?: string;
  members?: Record<string, { shape: string; documentation?: string }>;
}

/**
 * EC2 Image Builder's own API model (data/imagebuilder/service-2.json, botocore's copy): the
 * patterns and lengths of its identifiers, its enums and the documentation of its members. The
 * gateway checks input against it before any call, and takes descriptions from it.
 */
const shapes = readDataFile<{ shapes: Record<string, Shape> }>('imagebuilder/service-2.json').shapes;

function shape(name: string): Shape {
  const found = shapes[name];
  if (!found) throw new Error(`the Image Builder API model has no shape ${name}`);
  return found;
}

/** A string shape's rules: its pattern, compiled, and its length bounds. */
export function stringRules(name: string): { pattern: RegExp | undefined; min: number; max: number | undefined } {
  const found = shape(name);
  return { pattern: found.pattern ? new RegExp(found.pattern) : undefined, min: found.min ?? 0, max: found.max };
}

export function enumValues(name: string): string[] {
  const values = shape(name).enum;
  if (!values) throw new Error(`the Image Builder API shape ${name} is not an enum`);
  return values;
}

/** A shape's own documentation, as plain text. */
export function shapeDocumentation(name: string): string {
  const documentation = shape(name).documentation;
  if (!documentation) throw new Error(`the Image Builder API model does not document ${name}`);
  return plainText(documentation);
}

/** A member's documentation, as plain text (the model's is HTML). */
export function memberDocumentation(structure: string, member: string): string {
  const documentation = shape(structure).members?.[member]?.documentation;
  if (!documentation) throw new Error(`the Image Builder API model does not document ${structure}.${member}`);
  return plainText(documentation);
}

export function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
