/**
 * Maps keyed by user text (subjects, standard ids, correlation keys, group values, line
 * names) that live in persisted JSON state. After `JSON.parse` or `structuredClone` such
 * a map is an ordinary object again, so a read of `"constructor"` or `"toString"` would
 * find Object.prototype's member and a write of `"__proto__"` would replace the
 * object's prototype. Every read and write of these maps goes through here: own
 * properties only, and writes that define a property instead of assigning one.
 */

/** An empty map object without a prototype (lookups of prototype names find nothing). */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The own property `key` of `map`, or undefined (never an inherited member). */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Sets the own property `key` (also `"__proto__"`, which plain assignment would treat as the prototype). */
export function put<T>(map: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** The own property `key`, created with `make()` when absent (the safe form of `map[key] ??= make()`). */
export function ownOrPut<T>(map: Record<string, T>, key: string, make: () => T): T {
  const v = own(map, key);
  return v !== undefined ? v : put(map, key, make());
}
