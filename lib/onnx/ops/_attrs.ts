/**
 * Private helpers to make and read node attributes.
 *
 * @module
 */

import type { Attribute, ConstTensor } from "../graph.ts";

/** An `int` attribute. */
export function intAttr(value: number): Attribute {
  return { type: "int", value };
}
/** An `ints` attribute. */
export function intsAttr(value: readonly number[]): Attribute {
  return { type: "ints", value: [...value] };
}
/** A `float` attribute. */
export function floatAttr(value: number): Attribute {
  return { type: "float", value };
}
/** A `string` attribute. */
export function stringAttr(value: string): Attribute {
  return { type: "string", value };
}
/** A `tensor` attribute. */
export function tensorAttr(value: ConstTensor): Attribute {
  return { type: "tensor", value };
}

/** Reads an int attribute, or `def` when absent. */
export function getInt(
  attrs: Readonly<Record<string, Attribute>>,
  name: string,
  def: number,
): number {
  const a = attrs[name];
  return a && (a.type === "int" || a.type === "float") ? a.value : def;
}
/** Reads an ints attribute, or `undefined` when absent. */
export function getInts(
  attrs: Readonly<Record<string, Attribute>>,
  name: string,
): readonly number[] | undefined {
  const a = attrs[name];
  return a && (a.type === "ints" || a.type === "floats") ? a.value : undefined;
}
/** Reads a float attribute, or `def` when absent. */
export function getFloat(
  attrs: Readonly<Record<string, Attribute>>,
  name: string,
  def: number,
): number {
  const a = attrs[name];
  return a && (a.type === "float" || a.type === "int") ? a.value : def;
}
/** Reads a string attribute, or `def` when absent. */
export function getString(
  attrs: Readonly<Record<string, Attribute>>,
  name: string,
  def: string,
): string {
  const a = attrs[name];
  return a && a.type === "string" ? a.value : def;
}
