import type { Catalogue } from './catalogue';

/** Intake (i18n-ui): ui/intake/BackgroundChooser.tsx, the background of transparent images. */
const intake = {
  en: {
    colour: { white: 'White', grey: 'Grey', black: 'Black' },
    group: 'Background of transparent images',
    hereBefore: 'Transparent parts are shown and fed to the model over',
    hereAfter: '.',
    section: 'Transparent images',
    about:
      'A model cannot see transparency: the transparent parts of an image are filled with this colour, in the preview and in what the model is fed, so both show the same picture. The explanation records which one was used.',
  },
  zh: {
    colour: { white: '白色', grey: '灰色', black: '黑色' },
    group: '透明图像的背景',
    hereBefore: '透明部分以',
    hereAfter: '填充后显示并输入模型。',
    section: '透明图像',
    about: '模型看不到透明度：图像的透明部分会用这种颜色填充，预览和输入模型的图像都是如此，因此两者显示的是同一幅画面。解释会记录所用的颜色。',
  },
} satisfies Catalogue;
export default intake;
