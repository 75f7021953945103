// Long checkbox lists in the offer editor (languages, topics): a search box above each
// filters the options as you type; ticked options always stay visible.
document.querySelectorAll("div.filterable-choices").forEach((list, index) => {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "filterable-choices__search";
  box.id = `filterable-choices-${index}`;
  const german = document.documentElement.lang.startsWith("de");
  box.placeholder = german ? "Tippen zum Filtern, z. B. „kurd“" : "Type to filter, e.g. “kurd”";
  box.setAttribute("aria-label", german ? "Liste filtern" : "Filter the list");
  box.setAttribute("aria-controls", list.id || "");
  list.before(box);
  const fold = (text) => text.toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  box.addEventListener("input", () => {
    const query = fold(box.value.trim());
    list.querySelectorAll("input[type=checkbox]").forEach((checkbox) => {
      const item = checkbox.closest("div");
      const text = fold(item.textContent);
      item.hidden = Boolean(query) && !checkbox.checked && !text.includes(query);
    });
    // A group whose options are all filtered out hides its heading too.
    list.querySelectorAll(":scope > div:has(> div)").forEach((group) => {
      group.hidden = [...group.querySelectorAll(":scope > div")].every((item) => item.hidden);
    });
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault(); // never submits the offer form
  });
});
