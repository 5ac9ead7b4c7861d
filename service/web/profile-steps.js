// Profile settings as a few labelled steps ("Slower / Normal / Faster") instead of numbers to
// type: radio buttons in a fieldset, each step's words from i18n.js (data-i18n).

/** Each group: the profile field, its steps (value, TEXT key), and whether it has a "Try it". */
export const STEP_GROUPS = {
  speed: {
    field: "speech_rate",
    steps: [[0.8, "speedSlower"], [1, "speedNormal"], [1.25, "speedFaster"]],
    tryIt: true,
  },
  patience: {
    field: "turn_patience_ms",
    steps: [[500, "patienceNormal"], [1500, "patienceLonger"], [3000, "patienceLongest"]],
    tryIt: true,
  },
  textSize: {
    field: "text_size",
    steps: [[100, "sizeNormal"], [125, "sizeLarge"], [150, "sizeLarger"], [200, "sizeLargest"]],
    tryIt: false, // the page itself changes at once: it is its own sample
  },
  readingLevel: {
    field: "reading_level",
    steps: [["standard", "levelStandard"], ["plain", "levelPlain"], ["easy-read", "levelEasy"]],
    tryIt: false,
  },
};

function nearestStep(steps, value) {
  if (typeof value !== "number") return steps.find(([v]) => v === value) || steps[0];
  // Ties go to the first (slower, shorter, smaller) step.
  return steps.reduce((best, step) => (Math.abs(step[0] - value) < Math.abs(best[0] - value) ? step : best));
}

/** One fieldset of steps. A profile value between steps (a preset's 0.9) is kept exactly
 *  until the person picks a step: saving never changes what they did not touch. */
export class StepGroup {
  constructor(fieldset, name, { steps, tryIt }, { onChange, onTry }) {
    this.steps = steps;
    this.value = steps[0][0];
    this.inputs = [];
    const row = document.createElement("div");
    row.className = "step-row";
    for (const [value, key] of steps) {
      const label = document.createElement("label");
      label.className = "step";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = String(value);
      input.addEventListener("change", () => {
        this.value = value;
        onChange(value);
      });
      const words = document.createElement("span");
      words.dataset.i18n = key;
      label.append(input, words);
      row.append(label);
      this.inputs.push(input);
    }
    fieldset.append(row);
    if (tryIt) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary try-it";
      button.dataset.i18n = "tryIt";
      button.addEventListener("click", () => onTry(this.value));
      fieldset.append(button);
    }
  }

  set(value) {
    this.value = value;
    const [nearest] = nearestStep(this.steps, value);
    for (const input of this.inputs) input.checked = input.value === String(nearest);
  }
}
