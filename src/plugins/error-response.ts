/** The body of an error answered before GraphQL runs: GraphQL-shaped, with its code. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

/** A GraphQL-shaped error answered before GraphQL runs: refused at the HTTP level, with its code. */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(errorBody(code, message), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
