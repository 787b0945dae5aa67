/* Swagger UI's page made to read well with a screen reader (axe-core finds
   no violation): one main landmark, Swagger UI's own; its title one heading
   level below the page's h1, so its h3 and h4 headings follow in order; the
   parts outside its main landmark named as regions. Attributes only on
   Swagger UI's elements, set again whenever it redraws. */
"use strict";

(() => {
  // Swagger UI brings its own main landmark; the page's says only that
  // the page needs JavaScript.
  document.querySelector("body > main")?.remove();
  const root = document.getElementById("swagger-ui");
  const regions = [
    [".information-container", "About the API"],
    [".scheme-container", "Authorization"],
    [".models", "Schemas"],
  ];

  const mark = () => {
    for (const title of root.querySelectorAll(".info .title:not([aria-level])")) {
      title.setAttribute("aria-level", "2");
    }
    for (const [selector, name] of regions) {
      for (const part of root.querySelectorAll(selector + ":not([role])")) {
        if (!part.closest("main")) {
          part.setAttribute("role", "region");
          part.setAttribute("aria-label", name);
        }
      }
    }
  };

  new MutationObserver(mark).observe(root, { childList: true, subtree: true });
  mark();
})();
