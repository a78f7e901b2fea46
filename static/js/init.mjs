// Starts GOV.UK Frontend's components (service navigation menu, skip link, error summary...).
// Every page works without it; this only adds the enhancements.
import { initAll } from "/static/dist/govuk-frontend.min.js";

initAll();
