// Lab 6's parameters: the data, the model, training, and what to write.
import { choice, int, number, string } from '../../kit/define.js';
import { dataForms } from '../../../engine/data/load.js';

export const MLP_PARAMS = {
  data: string({ default: 'mnist', help: { en: dataForms('en'), 'zh-TW': dataForms('zh-TW') } }),
  model: string({
    default: '',
    help: {
      en: 'layers, e.g. "Flatten, Linear(784,64), ReLU, Linear(64,10)"; empty: the course\'s model sized for the data',
      'zh-TW': '模型各層，例如 "Flatten, Linear(784,64), ReLU, Linear(64,10)"；空白：依資料大小的課程模型',
    },
  }),
  epochs: int({
    default: 10,
    min: 0,
    max: 1000,
    help: { en: 'passes over the training data (0 with --load: evaluate only)', 'zh-TW': '訓練回合數（搭配 --load 用 0：只評估）' },
  }),
  batchSize: int({ default: 32, min: 1, max: 65536, help: { en: 'images per batch', 'zh-TW': '每批次影像數' } }),
  lr: number({
    default: 0,
    min: 0,
    max: 10,
    help: { en: "learning rate η (0: the optimizer's usual one, SGD 0.1, Adam 0.001)", 'zh-TW': '學習率 η（0：最佳化器的慣用值，SGD 0.1、Adam 0.001）' },
  }),
  optimizer: choice({ default: 'sgd', choices: ['sgd', 'adam'], help: { en: 'optimizer', 'zh-TW': '最佳化器 (optimizer)' } }),
  limit: int({ default: 0, min: 0, max: 10_000_000, help: { en: 'train on the first N images only (0: all)', 'zh-TW': '只用前 N 張訓練影像（0：全部）' } }),
  testLimit: int({
    default: 0,
    min: 0,
    max: 10_000_000,
    help: { en: 'evaluate on the first N test images only (0: all)', 'zh-TW': '只用前 N 張測試影像（0：全部）' },
  }),
  valSplit: number({ default: 0.1, min: 0, max: 0.5, help: { en: 'share of training images held out for validation', 'zh-TW': '留作驗證的訓練影像比例' } }),
  predict: string({ default: '', help: { en: 'a Kaggle test.csv to predict (with --submission)', 'zh-TW': '要預測的 Kaggle test.csv（搭配 --submission）' } }),
  submission: string({ default: '', output: 'file', help: { en: 'where to write ImageId,Label predictions', 'zh-TW': '預測結果 ImageId,Label 的輸出檔' } }),
  save: string({
    default: '',
    output: 'folder',
    help: { en: 'folder to save the trained model in (TensorFlow.js format)', 'zh-TW': '儲存訓練後模型的資料夾（TensorFlow.js 格式）' },
  }),
  load: string({ default: '', help: { en: 'folder of a saved model to resume or evaluate', 'zh-TW': '要繼續訓練或評估的已存模型資料夾' } }),
  images: int({ default: 4, min: 0, max: 12, help: { en: 'test images to draw with their predictions', 'zh-TW': '要畫出的測試影像數' } }),
};
