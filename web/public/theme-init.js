(() => {
  let theme = "system";
  try {
    theme = localStorage.getItem("second.theme") || "system";
  } catch {}
  const dark =
    theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
})();
