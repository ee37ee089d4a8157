/** The API's DateTime: a string, ISO 8601 with milliseconds, as the service writes it (`2026-09-09T19:52:05.146Z`). */
export const dateTime = (ms: number) => new Date(ms).toISOString();
