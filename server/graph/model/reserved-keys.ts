// Keys that collide with Object built-ins and break graphology look-ups and plain-object maps.

const reserved = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  "__proto__",
  "prototype",
  "constructor",
]);

export function isReservedKey(key: string): boolean {
  return reserved.has(key);
}
