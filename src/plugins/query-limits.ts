import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { type ExecutionArgs, GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { LimitsConfig } from '../config/config';
import type { GatewayContext } from '../context';
import { documentNesting, MAX_DOCUMENT_NESTING } from './document-nesting';
import { IntrospectionLimitRule } from './introspection-limit';
import { EstimateCache } from './upstream-estimate';

const ARMOR_REFUSAL = /^(?:Syntax Error: )?((?:Query depth|Aliases|Token|Directives|Query Cost) limit of [\d.]+ exceeded.*)$/;

/**
 * Every limit is checked before execution, so a refused query costs no Cloud Control call, and
 * every refusal names the limit and its value. GraphQL Armor bounds the document (depth, aliases,
 * tokens, directives, cost); the gateway's own estimate bounds what the query would cost upstream.
 */
export function useQueryLimits(limits: LimitsConfig, introspection: boolean): Plugin<GatewayContext>[] {
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, exposeLimits: true, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxTokens: { n: limits.maxTokens, exposeLimits: true },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, exposeLimits: true, ignoreIntrospection: true },
    // Field suggestions ("did you mean…") would let anyone map a schema with introspection off.
    blockFieldSuggestion: { enabled: !introspection },
  }) as Plugin<GatewayContext>;

  const estimates = new EstimateCache(limits.defaultPageSize);
  const overEstimate = (args: ExecutionArgs): GraphQLError | undefined => {
    const estimate = estimates.of(args.schema, args.document, args.operationName, args.variableValues ?? {});
    if (estimate <= limits.maxUpstreamKeys) return undefined;
    return new GraphQLError(
      `This query could make up to ${estimate} AWS calls; the limit is ${limits.maxUpstreamKeys} (MAX_UPSTREAM_KEYS). ` +
        'Ask for fewer pipelines, smaller pages, or fewer fields on listed pipelines.',
      { extensions: { code: 'LIMIT_EXCEEDED', limit: 'MAX_UPSTREAM_KEYS', value: limits.maxUpstreamKeys, estimate } },
    );
  };
  const upstream: Plugin<GatewayContext> = {
    // Armor reports its refusals as syntax errors without a code; give them the gateway's.
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const errors = result.errors.map((error) => {
        const match = ARMOR_REFUSAL.exec(error.message);
        return match ? new GraphQLError(match[1]!, { nodes: error.nodes, extensions: { code: 'LIMIT_EXCEEDED' } }) : error;
      });
      setResult({ ...result, errors });
    },
    // Checked where the parser runs, so only a document yoga's parse cache does not hold yet pays
    // for the scan (a cached one passed it when it was parsed); refused, it is cached as refused too.
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        const nesting = documentNesting(typeof source === 'string' ? source : source.body);
        if (nesting > MAX_DOCUMENT_NESTING) {
          throw new GraphQLError(`The document nests ${nesting} brackets deep; the limit is ${MAX_DOCUMENT_NESTING}.`, {
            extensions: { code: 'LIMIT_EXCEEDED', limit: 'document nesting', value: MAX_DOCUMENT_NESTING },
          });
        }
        return parseFn(source, options);
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(introspection ? IntrospectionLimitRule : NoSchemaIntrospectionCustomRule);
    },
    // Subscriptions do not pass through onExecute: the same estimate guards both.
    onExecute({ args, setResultAndStopExecution }) {
      const refused = overEstimate(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = overEstimate(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
  return [armor, upstream];
}
