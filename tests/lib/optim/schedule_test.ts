import { assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { linearSchedule } from "../../../lib/optim/schedule.ts";

Deno.test("linearSchedule() decays linearly to lr/N at the last step without warm-up", () => {
  const lr = linearSchedule({ learningRate: 1e-5, numSteps: 10 });
  // Hugging Face: lr * (N - step) / N for 0-based step
  const expected = Array.from({ length: 11 }, (_, s) => 1e-5 * (10 - s) / 10);
  assertClose(Array.from({ length: 11 }, (_, s) => lr(s)), expected, { atol: 1e-20, rtol: 1e-12 });
});

Deno.test("linearSchedule() warms up from 0 then decays", () => {
  const lr = linearSchedule({ learningRate: 1, numSteps: 6, warmupSteps: 2 });
  assertClose([0, 1, 2, 3, 4, 5, 6].map(lr), [0, 0.5, 1, 0.75, 0.5, 0.25, 0], { atol: 1e-15 });
});

Deno.test("linearSchedule() rejects bad options", () => {
  assertThrows(() => linearSchedule({ learningRate: -1, numSteps: 3 }), RangeError);
  assertThrows(() => linearSchedule({ learningRate: NaN, numSteps: 3 }), RangeError);
  assertThrows(() => linearSchedule({ learningRate: 1, numSteps: 0 }), RangeError);
  assertThrows(
    () => linearSchedule({ learningRate: 1, numSteps: 3, warmupSteps: 1.5 }),
    RangeError,
  );
});
