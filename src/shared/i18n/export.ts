import type { Catalogue } from './catalogue';

/** The export menu and what it makes (i18n-rest): ui/export/* — buttons, refusals, the PNG caption, the HTML report. */
const exportCatalogue = {
  en: {
    menu: {
      label: 'Export this view',
      heading: 'Export',
      working: '{{label}}…',
      png: 'PNG',
      pngTitleCompare: 'A picture of every map in the grid, with colour bars and a caption',
      pngTitle: 'A picture of the image and its map, with the colour bar and a caption naming the method, class, model and parameters',
      csv: 'CSV',
      csvTitleCompare: 'Open one method to save its map as CSV',
      csvTitle: 'The map as a grid of values at the model’s input size',
      regions: 'Regions CSV',
      regionsTitle: 'Each region’s value, standard error, pixel count and centre',
      json: 'JSON',
      jsonTitle: 'The values with their units, the run record and the checks',
      report: 'Report',
      reportTitle: 'One HTML file that opens anywhere offline: image, map(s), prediction, trust figures, parameters, model and its weights hash',
      print: 'Print',
      printTitle: 'Print this view on one page',
    },
    failed: {
      picture: 'The picture could not be made',
      csv: 'The CSV could not be made',
      json: 'The JSON could not be made',
      report: 'The report could not be made',
    },
    nothing: {
      title: 'Nothing to export yet',
      detail: 'Pick an image and let its explanation finish.',
      action: 'Then press the export button again.',
    },
    noMap: {
      title: 'No map to export yet',
      detail: 'The explanation of this image has not finished.',
      action: 'Wait for the map to appear, then export.',
    },
  },
  zh: {
    menu: {
      label: '导出当前视图',
      heading: '导出',
      working: '{{label}}…',
      png: 'PNG',
      pngTitleCompare: '网格中每张图的图片，附色标和说明文字',
      pngTitle: '图像及其归因图的图片，附色标和说明文字（注明方法、类别、模型和参数）',
      csv: 'CSV',
      csvTitleCompare: '打开单个方法，才能将其归因图保存为 CSV',
      csvTitle: '以模型输入尺寸的数值网格表示的归因图',
      regions: '区域 CSV',
      regionsTitle: '每个区域的值、标准误、像素数和中心',
      json: 'JSON',
      jsonTitle: '带单位的数值、运行记录和检查结果',
      report: '报告',
      reportTitle: '一个可离线在任何地方打开的 HTML 文件：图像、归因图、预测、可信度指标、参数、模型及其权重哈希',
      print: '打印',
      printTitle: '将当前视图打印在一页上',
    },
    failed: {
      picture: '无法生成图片',
      csv: '无法生成 CSV',
      json: '无法生成 JSON',
      report: '无法生成报告',
    },
    nothing: {
      title: '还没有可导出的内容',
      detail: '请选择一张图像，并等待其解释完成。',
      action: '然后再次点击导出按钮。',
    },
    noMap: {
      title: '还没有可导出的归因图',
      detail: '这张图像的解释尚未完成。',
      action: '等归因图出现后再导出。',
    },
  },
} satisfies Catalogue;

export default exportCatalogue;
