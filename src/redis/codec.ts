/**
 * JSON that brings Dates back as Dates: values shared through Redis (read results, request
 * states) carry them (an image's dates, a request's RetryAfter), and code past the cache does
 * arithmetic on them. A Date travels as `{ "$date": ISO string }`.
 */
export const codec = {
  stringify(value: unknown): string {
    return JSON.stringify(value, function (this: Record<string, unknown>, key, encoded: unknown) {
      const raw = this[key];
      return raw instanceof Date ? { $date: raw.toISOString() } : encoded;
    });
  },
  parse(text: string): any {
    return JSON.parse(text, (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length === 1 && keys[0] === '$date' && typeof (value as { $date: unknown }).$date === 'string') return new Date((value as { $date: string }).$date);
      }
      return value;
    });
  },
};
