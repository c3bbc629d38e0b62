// One or more concrete pages of every page type of the portal, by path
// below the base. Each must exist in the built site (checked by the tests).
export const PAGES = [
  { type: "home", name: "home", path: "" },
  { type: "report", name: "report-2020-huaibei-findings", path: "reports/2020/huai-bei-shi-ren-min-zheng-fu-ban-gong-shi/" },
  { type: "report", name: "report-2023-hongze", path: "reports/2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/" },
  { type: "report", name: "report-2024-hongze", path: "reports/2024/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/" },
  { type: "report", name: "report-2020-zengcheng-traditional", path: "reports/2020/guang-zhou-shi-zeng-cheng-qu-ren-min-zheng-fu/" },
  { type: "report", name: "report-2024-huaian", path: "reports/2024/huai-an-shi-ren-min-zheng-fu/" },
  { type: "changes", name: "changes-2024-hongze", path: "reports/2024/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/changes/" },
  { type: "agency", name: "agency-hongze", path: "agencies/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/" },
  { type: "agency", name: "agency-zengcheng-traditional", path: "agencies/guang-zhou-shi-zeng-cheng-qu-ren-min-zheng-fu/" },
  { type: "agencies", name: "agencies", path: "agencies/" },
  { type: "year", name: "year-2024", path: "years/2024/" },
  { type: "year", name: "year-2020", path: "years/2020/" },
  { type: "years", name: "years", path: "years/" },
  { type: "regions", name: "regions", path: "regions/" },
  { type: "province", name: "region-jiangsu", path: "regions/jiang-su-sheng/" },
  { type: "city", name: "region-huaian", path: "regions/jiang-su-sheng/huai-an-shi/" },
  { type: "district", name: "region-hongze", path: "regions/jiang-su-sheng/huai-an-shi/hong-ze-qu/" },
  { type: "compare", name: "compare", path: "compare/" },
  { type: "search", name: "search", path: "search/" },
  { type: "data", name: "data", path: "data/" },
  { type: "about", name: "about", path: "about/" },
];

// The pages that carry charts, for the chart checks.
export const CHART_PAGES = PAGES.filter((p) => ["home", "year", "report", "agency"].includes(p.type));
