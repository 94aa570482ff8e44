"""Generate the bundled sample BOM: an automated guided vehicle (AGV) as a Japanese ERP export would give it.

Run from the repository root: ``python resources/samples/make_sample_bom.py``. The output is committed as
``sample_bom_ja.xlsx``; this script documents how it was made and lets it be rebuilt.

The BOM is fictitious (company, part numbers and suppliers are invented) but shaped like a real one: a title
block, Japanese headers, a multi-level structure with integer levels, quantities such as "2個", a supplier
material declaration on one motor, magnet grades and unit weights on loose magnets, look-alike parts that
contain no rare earths (ferrite magnets, an induction motor, stepper drivers, red LEDs, a gearbox), a note row
and a total row.
"""
from __future__ import annotations

from pathlib import Path

HEADERS = ["レベル", "品番", "品名", "仕様", "数量", "単位", "仕入先", "原産国", "単重(g)", "HSコード", "材質",
           "含有レアアース", "備考"]

# level, part no, name, spec, qty, unit, supplier, country, unit weight g, HS, material, declared REE, note
ROWS: list[tuple] = [
    (0, "AGV-300", "無人搬送車 AGV-300 完成品", "積載300kg", 1, "台", "自社", "日本", None, "8427.10", None, None, None),
    (1, "DU-100", "駆動ユニット", "左右共通", 2, "式", "自社", "日本", None, None, None, None, None),
    (2, "MT-2001", "ACサーボモータ 400W", "永久磁石同期型 200V", 1, "個", "東邦モーター", "日本", 2100, "8501.52", None,
     "Nd 38 g; Pr 9 g; Dy 6.8 g", "サプライヤー含有申告書 2026-06"),
    (2, "GR-2002", "遊星減速機 1/30", "減速比30", 1, "個", "精密ギア工業", "日本", 1800, "8483.40", "鋼", None, None),
    (2, "MG-2003", "ブレーキ用ネオジム磁石", "N42SH 20x10x5", 4, "個", "寧波磁材", "中国", 7.5, "8505.11", "NdFeB", None, None),
    (2, "MG-2004", "エンコーダ用磁石", "Sm2Co17 φ6x2.5", 1, "個", "上海磁業", "中国", 0.5, "8505.11", "SmCo", None, None),
    (2, "BR-2005", "深溝玉軸受", "6205ZZ", 2, "個", "日本ベアリング", "日本", 130, "8482.10", "SUJ2", None, None),
    (2, "WH-2006", "駆動輪 ウレタン", "φ150", 1, "個", "ホイール技研", "日本", 900, None, "ウレタン/アルミ", None, None),
    (2, "CB-2007", "モータケーブル 3m", "動力・エンコーダ", 1, "本", "電線商事", "ベトナム", 400, "8544.42", None, None, None),
    (2, "SC-2008", "六角穴付きボルト M6x20", "SUS304", 8, "本", "ねじ商会", "日本", 6, "7318.15", "SUS304", None, None),
    (1, "LU-200", "昇降ユニット", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "MT-2101", "ブラシレスDCモータ 200W", "24V 3000rpm", 1, "個", "深セン電機", "中国", 1500, "8501.31", None, None, None),
    (2, "MT-2102", "ステッピングモータ", "NEMA23 1.8° 57HS56", 2, "個", "常州ステップモーター", "中国", 700, "8501.10", None, None, None),
    (2, "DR-2103", "ステッピングモータドライバ", "DM542 2相", 2, "個", "常州ステップモーター", "中国", 200, "8504.40", None, None, None),
    (2, "MT-2104", "誘導モータ 90W", "三相 200V かご形", 1, "個", "関西電機", "日本", 3200, "8501.52", None, None, None),
    (2, "GR-2105", "ウォーム減速機", "1/50", 1, "個", "精密ギア工業", "日本", 1200, "8483.40", None, None, None),
    (2, "BL-2106", "ボールねじ", "φ16 リード5", 1, "本", "直動機器", "日本", 1600, "8483.40", None, None, None),
    (2, "LS-2107", "リミットスイッチ", "マイクロスイッチ", 2, "個", "スイッチ工業", "日本", 15, "8536.50", None, None, None),
    (2, "CP-2108", "カップリング", "φ8-φ10", 2, "個", "精密ギア工業", "日本", 40, None, "アルミ", None, None),
    (2, "SC-2109", "六角ナット M8", "SUS304", 12, "個", "ねじ商会", "日本", 5, "7318.16", None, None, None),
    (1, "EU-300", "電装ユニット", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "PC-3001", "制御基板ASSY", "メインCPU基板", 1, "枚", "基板実装サービス", "台湾", None, "8537.10", None, None, None),
    (3, "CC-3011", "積層セラミックコンデンサ", "0.1uF 50V X7R 0603", 120, "個", "村田製作所", "日本", None, "8532.24", None, None, None),
    (3, "CC-3012", "積層セラミックコンデンサ", "10uF 25V X5R 0805", 24, "個", "TDK", "日本", None, "8532.24", None, None, None),
    (3, "EC-3013", "アルミ電解コンデンサ", "470uF 35V", 6, "個", "日本ケミコン", "日本", None, "8532.22", None, None, None),
    (3, "LD-3014", "白色LED", "3528 5000K", 4, "個", "日亜化学", "日本", 0.03, "8541.41", None, None, "状態表示"),
    (3, "LD-3015", "赤色LED", "0603 AlInGaP", 6, "個", "台湾光電", "台湾", None, "8541.41", None, None, None),
    (3, "FB-3016", "フェライトビーズ", "BLM18PG471SN1D", 10, "個", "村田製作所", "日本", None, "8504.50", None, None, None),
    (3, "HS-3017", "ホールIC", "SS49E 磁気センサ", 3, "個", "ハネウェル", "米国", None, "8542.39", None, None, None),
    (3, "IC-3018", "マイコン", "STM32F407VGT6", 1, "個", "STマイクロ", "マレーシア", None, "8542.31", None, None, None),
    (3, "IC-3019", "CAN トランシーバ", "TJA1051", 2, "個", "NXP", "オランダ", None, "8542.39", None, None, None),
    (3, "RS-3020", "チップ抵抗", "10kΩ 0603", 80, "個", "KOA", "日本", None, "8533.21", None, None, None),
    (3, "XT-3021", "水晶振動子", "8MHz", 1, "個", "京セラ", "日本", None, "8541.60", None, None, None),
    (3, "CN-3022", "コネクタ", "XH 4P", 12, "個", "日本圧着端子", "日本", None, "8536.69", None, None, None),
    (3, "PB-3023", "プリント基板", "4層 FR-4", 1, "枚", "基板実装サービス", "台湾", None, "8534.00", None, None, None),
    (2, "SP-3002", "スピーカー", "8Ω 3W φ40 ネオジムスピーカ", 1, "個", "東莞音響", "中国", 35, "8518.29", None, None, "警告音声用"),
    (2, "BZ-3003", "ブザー", "電磁式 12mm", 1, "個", "音響部品", "中国", 2, "8531.80", None, None, None),
    (2, "BT-3004", "ニッケル水素電池パック", "12V 4500mAh", 1, "個", "電池工業", "日本", 1200, "8507.50", None, None, "バックアップ電源"),
    (2, "FN-3005", "DCファン", "24V 60x60", 2, "個", "送風機器", "中国", 45, "8414.59", None, None, None),
    (2, "LC-3006", "液晶表示器", "4.3インチ LEDバックライト", 1, "個", "表示デバイス", "中国", 90, "8524.11", None, None, None),
    (2, "PS-3007", "スイッチング電源", "24V 10A", 1, "個", "電源システム", "日本", 650, "8504.40", None, None, None),
    (2, "RL-3008", "リレー", "24V 1c 有極", 4, "個", "リレー工業", "日本", 12, "8536.41", None, None, None),
    (2, "HN-3009", "ワイヤーハーネス", "メイン", 1, "式", "電線商事", "ベトナム", 800, "8544.42", None, None, None),
    (2, "EM-3010", "非常停止スイッチ", "φ22", 2, "個", "スイッチ工業", "日本", 60, "8536.50", None, None, None),
    (1, "SN-400", "安全センサユニット", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "LR-4001", "レーザスキャナ", "安全規格 PLd", 1, "個", "センサー技研", "ドイツ", 1300, "9031.49", None, None, None),
    (2, "LN-4002", "光学レンズ", "ランタン系ガラス φ12", 2, "個", "光学硝子", "日本", 3, "9001.90", "光学ガラス", None, None),
    (2, "BM-4003", "バンパースイッチ", "テープスイッチ 1m", 2, "本", "スイッチ工業", "日本", 150, "8536.50", None, None, None),
    (2, "MK-4004", "磁気マーカーセンサ", "ホール素子式", 1, "個", "センサー技研", "ドイツ", 220, "9031.80", None, None, None),
    (2, "MT-4005", "磁気テープ", "ガイド用 フェライト系 50m", 1, "巻", "磁気テープ工業", "日本", 4000, "8505.19", "フェライト", None, None),
    (1, "FR-500", "筐体・フレーム", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "FR-5001", "メインフレーム", "SS400 溶接", 1, "個", "板金工業", "日本", 42000, None, "SS400", None, None),
    (2, "CV-5002", "外装カバー", "ABS", 4, "個", "樹脂成形", "日本", 1200, "3926.90", "ABS", None, None),
    (2, "MC-5003", "マグネットキャッチ", "フェライト磁石", 2, "個", "金物商会", "日本", 20, "8505.19", "フェライト", None, None),
    (2, "CS-5004", "キャスター", "φ100 自在", 4, "個", "キャスター工業", "日本", 700, "8716.90", None, None, None),
    (2, "SC-5005", "六角ボルト M8x25", "SS", 24, "本", "ねじ商会", "日本", 13, "7318.15", None, None, None),
    (2, "SC-5006", "平座金 M8", "SS", "24個", "個", "ねじ商会", "日本", 2, "7318.22", None, None, None),
    (2, "LB-5007", "銘板", "アルミ", 1, "枚", "銘板工業", "日本", 15, None, "アルミ", None, None),
    (2, "GS-5008", "ガスケット", "EPDM", "2 pcs", "個", "ゴム工業", "日本", 30, None, "EPDM", None, None),
    (1, "CH-600", "充電ユニット", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "CH-6001", "充電端子", "接触式 100A", 2, "個", "端子工業", "日本", 180, "8536.90", "銅", None, None),
    (2, "CH-6002", "充電制御基板", None, 1, "枚", "基板実装サービス", "台湾", None, "8537.10", None, None, None),
    (3, "CC-6011", "積層セラミックコンデンサ", "1uF 50V X7R 0805", 40, "個", "サムスン電機", "韓国", None, "8532.24", None, None, None),
    (3, "IC-6012", "充電制御IC", "BQ24650", 1, "個", "TI", "マレーシア", None, "8542.39", None, None, None),
    (3, "IN-6013", "パワーインダクタ", "10uH 5A", 2, "個", "TDK", "日本", None, "8504.50", "フェライト", None, None),
    (2, "FN-6003", "冷却ファンモータ", "ブラシレス 12V 40mm", 1, "個", "送風機器", "中国", 20, "8414.59", None, None, None),
    (1, "OP-700", "操作パネルユニット", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "TP-7001", "タッチパネル", "7インチ 静電容量式", 1, "個", "表示デバイス", "中国", 320, "8471.60", None, None, None),
    (2, "PB-7002", "照光式押しボタン", "緑 LED 24V", 3, "個", "スイッチ工業", "日本", 35, "8536.50", None, None, None),
    (2, "PB-7003", "照光式押しボタン", "赤 LED 24V", 1, "個", "スイッチ工業", "日本", 35, "8536.50", None, None, None),
    (2, "SW-7004", "キースイッチ", "2ノッチ", 1, "個", "スイッチ工業", "日本", 50, "8536.50", None, None, None),
    (2, "LT-7005", "積層信号灯", "3段 LED 白色含む", 1, "個", "信号灯工業", "日本", 400, "8531.20", None, None, None),
    (2, "PN-7006", "パネル板金", "SPCC t1.6", 1, "個", "板金工業", "日本", 900, None, "SPCC", None, None),
    (2, "SC-7007", "なべ小ねじ M4x10", "SUS", 16, "本", "ねじ商会", "日本", 2, "7318.15", None, None, None),
    (1, "BU-800", "バッテリユニット", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "BT-8001", "リチウムイオン電池モジュール", "48V 40Ah LFP", 1, "個", "電池工業", "中国", 18000, "8507.60", None, None, "主電源"),
    (2, "BM-8002", "BMS基板", "16S", 1, "枚", "電池工業", "中国", 150, "8537.10", None, None, None),
    (2, "FU-8003", "ヒューズ", "125A", 1, "個", "ヒューズ工業", "日本", 40, "8536.10", None, None, None),
    (2, "CT-8004", "DCコンタクタ", "100A", 1, "個", "リレー工業", "日本", 450, "8536.49", None, None, None),
    (2, "BB-8005", "バスバー", "銅 t3", 4, "本", "端子工業", "日本", 60, "7407.10", "銅", None, None),
    (2, "TH-8006", "サーミスタ", "NTC 10kΩ", 4, "個", "センサー技研", "日本", 2, "8533.40", None, None, None),
    (2, "HN-8007", "電池用ハーネス", None, 1, "式", "電線商事", "ベトナム", 500, "8544.42", None, None, None),
    (2, "SC-8008", "六角ボルト M6x16", "SUS", 8, "本", "ねじ商会", "日本", 6, "7318.15", None, None, None),
    (1, "AC-900", "付属品", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "MN-9001", "取扱説明書", "A4 80頁", 1, "冊", "印刷所", "日本", 300, "4901.99", None, None, None),
    (2, "TL-9002", "六角レンチセット", None, 1, "式", "工具商会", "台湾", 250, "8204.11", None, None, None),
    (2, "RC-9003", "リモコン", "赤外線", 1, "個", "電子機器", "中国", 80, "8543.70", None, None, None),
    (2, "BT-9004", "単4形ニッケル水素電池", "1.2V 800mAh", 2, "個", "電池工業", "日本", 12, "8507.50", None, None, "リモコン用"),
    (2, "PK-9005", "梱包箱", "段ボール", 1, "個", "梱包資材", "日本", 3500, "4819.10", None, None, None),
    (1, "SP-950", "保守部品", None, 1, "式", "自社", "日本", None, None, None, None, None),
    (2, "MG-9501", "予備ブレーキ磁石", "N42SH 20x10x5", 4, "個", "寧波磁材", "中国", 7.5, "8505.11", "NdFeB", None, None),
    (2, "MT-9502", "予備サーボモータ", "MT-2001 同等品", 1, "個", "東邦モーター", "日本", 2100, "8501.52", None, None, None),
    (2, "FN-9503", "予備DCファン", "24V 60x60", 1, "個", "送風機器", "中国", 45, "8414.59", None, None, None),
    (2, "HD-9504", "データロガー用HDD", "2.5インチ 1TB", 1, "個", "ストレージ", "タイ", 110, "8471.70", None, None, "走行記録"),
    (2, "FL-9505", "エアフィルタ", "不織布", 2, "枚", "フィルタ工業", "日本", 20, None, None, None, None),
]

TITLE = [
    ["部品構成表（BOM）"],
    ["会社名", "サンプル精機株式会社"],
    ["製品", "無人搬送車 AGV-300"],
    ["作成日", "2026-11-20", None, "改訂", "C"],
    [],
]
FOOTER = [
    [],
    [None, None, "※ 消耗品（グリス・梱包材）は含まない"],
    [None, None, "合計", None, None, None, None, None, None],
]


def build(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    cover = wb.active
    cover.title = "表紙"
    cover["A1"] = "AGV-300 部品表"
    cover["A1"].font = Font(size=16, bold=True)
    cover["A3"] = "本ファイルは ERP（生産管理システム）から出力した部品構成表です。"
    cover["A4"] = "シート「部品表」を参照してください。"
    ws = wb.create_sheet("部品表")
    for r in TITLE:
        ws.append(r)
    ws["A1"].font = Font(size=14, bold=True)
    ws.merge_cells("A1:F1")
    ws.append(HEADERS)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
    for row in ROWS:
        ws.append(list(row))
    for r in FOOTER:
        ws.append(r)
    widths = [7, 11, 26, 28, 8, 6, 16, 9, 9, 10, 14, 24, 22]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    wb.active = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    out = build(Path(__file__).resolve().parent / "sample_bom_ja.xlsx")
    print(f"wrote {out} ({len(ROWS)} item rows)")
