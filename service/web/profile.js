// Accessibility profiles: presets from the server, a form, save (POST / PATCH /v1/profiles),
// and the page preferences (theme, text size, reduced motion) applied at once.

import { refusalKey } from "./i18n.js";

const PROFILE_ID_KEY = "modu.profileId";

export function applyPagePreferences(page) {
  const root = document.documentElement;
  root.dataset.theme = page.theme || "system";
  root.style.fontSize = `${page.text_size || 100}%`;
  root.dataset.reducedMotion = String(Boolean(page.reduced_motion));
}

export class ProfilePanel {
  constructor({ form, fields, message, authHeaders, onSaved, uiText }) {
    this.form = form;
    this.fields = fields; // {preset, readingLevel, screenReader, patience, rate, theme, textSize, reducedMotion}
    this.message = message;
    this.authHeaders = authHeaders;
    this.onSaved = onSaved;
    this.uiText = uiText;
    this.presets = [];
    this.stored = null;
    for (const name of ["theme", "textSize", "reducedMotion"]) {
      fields[name].addEventListener("change", () => applyPagePreferences(this.page()));
    }
    fields.preset.addEventListener("change", () => this.choosePreset(fields.preset.value));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
  }

  async request(method, path, body) {
    const headers = { ...this.authHeaders() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? null : await response.json();
    if (!response.ok) {
      const error = data && data.error ? data.error : {};
      // A refusal (401/403) in plain words with what to do; other errors as the server says.
      const refusal = response.status === 401 || response.status === 403
        ? refusalKey(response.status, error.code)
        : null;
      const detail = refusal ? this.uiText()[refusal] : error.message || response.statusText;
      const failure = new Error(detail || `HTTP ${response.status}`);
      failure.refused = Boolean(refusal);
      throw failure;
    }
    return data;
  }

  /** Presets into the menu, and the saved profile (if this browser has one) into the form. */
  async load(language) {
    try {
      const presets = await this.request("GET", "/v1/profiles/presets");
      this.presets = presets.data;
      this.renderPresets(language);
      const id = localStorage.getItem(PROFILE_ID_KEY);
      if (id) {
        this.stored = await this.request("GET", `/v1/profiles/${encodeURIComponent(id)}`);
        this.fill(this.stored);
        applyPagePreferences(this.stored.page);
      }
    } catch (error) {
      // A stale id or a server without profiles: the page works with defaults. A refusal says
      // nothing about the id (a key may come later), so it is kept.
      console.info("profile not loaded", error);
      if (this.stored === null && !error.refused) localStorage.removeItem(PROFILE_ID_KEY);
    }
    return this.stored;
  }

  renderPresets(language) {
    const select = this.fields.preset;
    const chosen = select.value;
    select.replaceChildren();
    for (const preset of this.presets) {
      const option = document.createElement("option");
      option.value = preset.id;
      option.textContent = preset.name[language] || preset.name.en;
      select.append(option);
    }
    if (chosen) select.value = chosen;
  }

  choosePreset(id) {
    const preset = this.presets.find((p) => p.id === id);
    if (!preset) return;
    this.fill(preset.profile);
    applyPagePreferences(preset.profile.page);
  }

  fill(profile) {
    const f = this.fields;
    f.readingLevel.value = profile.reading_level;
    f.screenReader.checked = profile.screen_reader;
    f.patience.value = profile.turn_patience_ms;
    f.rate.value = profile.speech_rate;
    f.theme.value = profile.page.theme;
    f.textSize.value = profile.page.text_size;
    f.reducedMotion.checked = profile.page.reduced_motion;
  }

  page() {
    const f = this.fields;
    return {
      theme: f.theme.value,
      text_size: Number(f.textSize.value),
      reduced_motion: f.reducedMotion.checked,
    };
  }

  settings() {
    const f = this.fields;
    return {
      reading_level: f.readingLevel.value,
      screen_reader: f.screenReader.checked,
      turn_patience_ms: Number(f.patience.value),
      speech_rate: Number(f.rate.value),
      page: this.page(),
    };
  }

  async save() {
    const text = this.uiText();
    const invalid = this.form.querySelector(":invalid");
    if (invalid) {
      // W13: the error in text, naming the field and its bounds; focus goes to the field.
      const label = this.form.querySelector(`label[for="${invalid.id}"]`);
      this.message.textContent = `${text.profileFailed} ${label ? label.textContent : invalid.id}: ${invalid.validationMessage}`;
      invalid.focus();
      return;
    }
    try {
      const body = this.settings();
      this.stored = this.stored
        ? await this.request("PATCH", `/v1/profiles/${this.stored.id}`, body)
        : await this.request("POST", "/v1/profiles", { preset: this.fields.preset.value, ...body });
      localStorage.setItem(PROFILE_ID_KEY, this.stored.id);
      applyPagePreferences(this.stored.page);
      this.message.textContent = text.profileSaved;
      this.onSaved(this.stored);
    } catch (error) {
      this.message.textContent = `${text.profileFailed} ${error.message}`;
    }
  }
}
