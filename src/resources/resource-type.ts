import { RegistrySchema, type ResourceModel } from './registry-schema';

/**
 * How a resource's properties appear in GraphQL, declared as data (src/schema/resource-fields.ts
 * turns it into types): a field is a property name, whose GraphQL type and description come from
 * the registry schema; a nested object or a list of them names its GraphQL type and its fields;
 * an enum names its GraphQL type and says what each value means (the schema does not).
 */
export type FieldSpec = string | ScalarFieldSpec | ObjectFieldSpec | EnumFieldSpec;

/** A property whose schema has no description of its own. */
export interface ScalarFieldSpec {
  property: string;
  description: string;
}

export interface ObjectFieldSpec {
  property: string;
  /** The GraphQL object type: the same name anywhere means the same declaration (see shared-fields.ts). */
  object: string;
  fields: FieldMap;
}

export interface EnumFieldSpec {
  property: string;
  /** The GraphQL enum type. */
  enum: string;
  /** Each value the schema allows, and what it means. */
  values: Record<string, string>;
}

export type FieldMap = Record<string, FieldSpec>;

export interface ResourceTypeDeclaration {
  /** The registry schema's file in data/cloudformation/. */
  schemaFile: string;
  /** The GraphQL type, the prefix of its global ids, and its label in metrics: ImageRecipe. */
  name: string;
  /** What people call it: "image recipe". */
  noun: string;
  /** The first segment of the resource part of its ARN: image-recipe. */
  arnKind: string;
  /** The shape of its ARN in the Image Builder API model (data/imagebuilder/service-2.json). */
  arnShape: string;
  exampleArn: string;
  /** Whether AWS owns some of them (account `aws` in the ARN), which Cloud Control cannot read (see schema/aws-owned.ts). */
  awsOwned?: boolean;
  description: string;
  fields: FieldMap;
}

/** A Cloud Control resource type the gateway serves: its declaration with its schema loaded. */
export interface ResourceType extends ResourceTypeDeclaration {
  /** AWS::ImageBuilder::ImageRecipe */
  typeName: string;
  schema: RegistrySchema;
}

export function defineResourceType(declaration: ResourceTypeDeclaration): ResourceType {
  const schema = new RegistrySchema(declaration.schemaFile);
  if (schema.document.primaryIdentifier.join() !== '/properties/Arn') {
    throw new Error(`${schema.typeName}: the gateway reads resources by ARN, but the primary identifier is ${schema.document.primaryIdentifier.join()}`);
  }
  return { ...declaration, typeName: schema.typeName, schema };
}
