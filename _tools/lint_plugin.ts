/**
 * Project lint rules (std's `error-message` rule in spirit): messages of the
 * built-in errors start with a capital letter and do not end with a period,
 * so every error reads in one voice
 * (`Cannot build MatMul "attn/qk": inner dimensions differ: 64 vs 48`).
 *
 * @module
 */

const BUILT_IN = new Set(["Error", "TypeError", "RangeError", "SyntaxError"]);

function firstText(arg: Deno.lint.Node | undefined): string | undefined {
  if (!arg) return undefined;
  if (arg.type === "Literal" && typeof arg.value === "string") return arg.value;
  if (arg.type === "TemplateLiteral") return arg.quasis.map((q) => q.cooked ?? "").join("${}");
  return undefined;
}

const plugin: Deno.lint.Plugin = {
  name: "chronos",
  rules: {
    "error-message": {
      create(context) {
        // tests build errors as data (and assert on other libraries' messages)
        if (/(^|[\\/])tests[\\/]/.test(context.filename)) return {};
        return {
          NewExpression(node) {
            if (node.callee.type !== "Identifier" || !BUILT_IN.has(node.callee.name)) return;
            const text = firstText(node.arguments[0]);
            if (text === undefined || text.length === 0) return;
            if (/^[a-z]/.test(text) && !/^[a-z]+[A-Z]/.test(text)) {
              context.report({
                node,
                message: "Error messages start with a capital letter (sentence case)",
              });
            }
            if (/[^.]\.$/.test(text)) {
              context.report({ node, message: "Error messages do not end with a period" });
            }
          },
        };
      },
    },
  },
};

export default plugin;
