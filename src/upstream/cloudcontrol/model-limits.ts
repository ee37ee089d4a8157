/**
 * Facts of Cloud Control's model (cloudcontrol.smithy.json) and service that the gateway relies
 * on in more than one place. The emulator keeps its own reading of the model.
 */

/** `ClientToken` and `RequestToken`: 1–128 characters of letters, digits, `-`, `+`, `/` and `=`. */
export const TOKEN_PATTERN = /^[-A-Za-z0-9+/=]{1,128}$/;
export const TOKEN_RULE = '1–128 characters of letters, digits, -, +, / and =';

/** `ListResourceRequests`' `MaxResults` maximum: the gateway asks for full pages. */
export const MAX_REQUESTS_PER_PAGE = 100;

/**
 * The rows a `ListResources` page usually holds. The service ignores `MaxResults` and cuts pages
 * its own way, so this is only what the upstream-call estimate assumes; the reads themselves are
 * counted as they are made.
 */
export const USUAL_LIST_PAGE_SIZE = 25;
