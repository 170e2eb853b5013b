"""A deterministic synthetic region: many departments, many decisions, all valid.

    python -m benchmarks.synth OUT_DIR --departments 200 --decisions 100000 [--seed 0]

or, from Python, ``generate(out_dir, departments, decisions, seed)``.

The same (departments, decisions, seed) always writes byte-identical files.
Everything is fictional: the region 云溪市 (code 990100) does not exist, company
names are made up, and resident ID numbers carry the region prefix 710000
(台湾省: a valid GB/T 2260 code, so the validator's checks run on them, but no
mainland resident ID number carries it, so they are nobody's number).

Decisions are dated 2023-01-01 to 2026-11-25. The output validates with no
errors and no warnings for any --as-of from 2026-11-25 to 2027-12-01.

YAML is written as text by a small block-style emitter (what an editor would
type: plain scalars where YAML allows them, double quotes otherwise), which is
much faster than PyYAML's dumper.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from stdnum.cn import ric, uscc

FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2026, 11, 25)  # the day before the benchmarks' --as-of 2026-11-26
MAX_PER_FILE = 4000  # decisions per file before a year is split by month

REGION_NAME = "云溪市"
REGION_CODE = "990100"
REGION_SHORT = "云"
ID_PREFIX = "710000"  # 台湾省: known to GB/T 2260, yet no mainland resident ID carries it
PHONE_AREA = "0999"

# ---------------------------------------------------------------- YAML text


_NEEDS_QUOTES = re.compile(
    r"""^[\s\-?:,\[\]{}#&*!|>'"%@`]"""  # indicator or space first
    r"|[\s:]$"  # space or colon last
    r"|: | #"  # mapping value or comment inside
    r"|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"  # controls, odd line breaks
    r"|^(?:~|null|true|false|yes|no|on|off|y|n|---|\.\.\.|<<|=)$"  # other types, markers
    r"|^[-+]?[\d.][\d_.:eE+-]*$|^[-+]?0[xob]|^[-+]?\.(?:inf|nan)$",  # number-like (dates are written as dates)
    re.IGNORECASE,
)

_YAML_ESCAPE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


_SCALARS: dict[str, str] = {}  # short strings repeat a lot (kinds, codes, names)


def _scalar(value: object) -> str:
    if type(value) is str:
        if len(value) > 24:
            return _str_scalar(value)
        text = _SCALARS.get(value)
        if text is None:
            if len(_SCALARS) > 200_000:
                _SCALARS.clear()
            text = _SCALARS[value] = _str_scalar(value)
        return text
    if isinstance(value, str):
        return _str_scalar(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    raise TypeError(f"cannot write {value!r}")


def _str_scalar(value: str) -> str:
    if value and not _NEEDS_QUOTES.search(value):
        return value
    # JSON strings are YAML double-quoted scalars, except that YAML also folds
    # or refuses these characters unless they are escaped.
    return _YAML_ESCAPE.sub(lambda c: f"\\u{ord(c[0]):04x}", json.dumps(value, ensure_ascii=False))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _literal_ok(text: str) -> bool:
    """Whether `text` can be written as a |- block and read back unchanged."""
    lines = text.split("\n")
    return (
        len(lines) > 1
        and lines[0] != ""
        and lines[0][0] != " "
        and lines[-1] != ""
        and all(ln == ln.rstrip() for ln in lines)
        and "\t" not in text
        and not _CONTROL.search(text)
    )


def emit(out: list[str], mapping: dict, indent: str = "", lead: str | None = None) -> None:
    """Append the block-style YAML lines of `mapping` to `out`.

    `lead` is the prefix of the first line (e.g. "  - " for a list item);
    continuation lines use `indent`.
    """
    first = indent if lead is None else lead
    for key, value in mapping.items():
        kind = type(value)
        if kind is str and "\n" in value and _literal_ok(value):
            out.append(f"{first}{key}: |-")
            inner = indent + "  "
            out.extend(inner + ln if ln else "" for ln in value.split("\n"))
        elif kind is dict:
            out.append(f"{first}{key}:")
            emit(out, value, indent + "  ")
        elif kind is list:
            if not value:
                out.append(f"{first}{key}: []")
            else:
                out.append(f"{first}{key}:")
                dash = indent + "  - "
                for item in value:
                    if type(item) is dict:
                        emit(out, item, indent + "    ", dash)
                    else:
                        out.append(dash + _scalar(item))
        else:
            out.append(f"{first}{key}: {_scalar(value)}")
        first = indent


def yaml_text(mapping: dict) -> str:
    out: list[str] = []
    emit(out, mapping)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- catalogue


# Counties: first syllable x second syllable gives 200 names, each with a slug.
_C1 = [("江", "jiang"), ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("青", "qing"), ("白", "bai"),
       ("龙", "long"), ("凤", "feng"), ("金", "jin"), ("石", "shi"), ("松", "song"), ("桃", "tao"), ("梅", "mei"),
       ("兰", "lan"), ("竹", "zhu"), ("安", "an"), ("平", "ping"), ("宁", "ning"), ("泉", "quan")]
_C2 = [("城", "cheng"), ("湖", "hu"), ("山", "shan"), ("溪", "xi"), ("河", "he"), ("川", "chuan"), ("阳", "yang"),
       ("源", "yuan"), ("林", "lin"), ("坝", "ba")]
COUNTIES = [(a + b + ("区" if (i + j) % 3 == 0 else "县"), sa + sb, a + b) for i, (a, sa) in enumerate(_C1) for j, (b, sb) in enumerate(_C2)]

STREETS = ["人民路", "滨江路", "解放路", "中山路", "建设路", "学府路", "春晖路", "长安大道", "工业园区一路", "兴业街", "河街",
           "新华路", "文化街", "百花路", "丹桂街", "锦绣大道", "迎宾大道", "光明路", "和平街", "翠屏路"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红飞琴云燕海峰波宁欣浩宇婷雪梅林斌东晓春凤文德志俊"
BRANDS = ["鑫源", "华信", "恒通", "兴旺", "瑞丰", "宏达", "金桥", "鼎盛", "福满", "新纪元", "川南", "溪畔", "嘉禾", "万象", "天成",
          "博远", "佳美", "长青", "和顺", "锦程", "永安", "汇德", "康宁", "蓝天", "绿源", "明珠", "众诚", "九鼎", "泰和", "安泰"]
SHOPS = ["小吃店", "便利店", "五金店", "副食店", "理发店", "烟酒店", "农资店", "汽修店", "火锅店", "面馆", "药店", "茶馆",
         "水果店", "服装店", "粮油店", "网吧", "干洗店", "早餐店"]

# Department types: slug, name, 代字, area of law, and what they enforce.
# violations: (违法行为类型, law, article, what the party did, penalty power name)
DEPT_TYPES = [
    {
        "slug": "shijianju", "name": "市场监督管理局", "abbr": "市监", "domain": "市场监管",
        "industry": ["食品", "餐饮管理", "商贸", "医药", "电子科技", "服装"],
        "violations": [
            ("经营不符合食品安全标准的食品", "《中华人民共和国食品安全法》", "第一百二十四条第一款", "销售经抽样检验不合格的{goods}", ["食品", "预包装饮料", "散装白酒", "腌腊制品"]),
            ("发布虚假广告", "《中华人民共和国广告法》", "第五十五条第一款", "在其经营场所及网络平台发布含有虚假内容的{goods}广告", ["保健食品", "装修服务", "教育培训"]),
            ("生产销售不合格产品", "《中华人民共和国产品质量法》", "第五十条", "销售经监督抽查不合格的{goods}", ["电线电缆", "儿童玩具", "电动自行车头盔"]),
        ],
        "licences": [("食品经营许可", "食品经营许可证", "JY"), ("药品零售许可", "药品经营许可证", "YP")],
        "inspection": ["食品经营者监督检查", "特种设备使用单位监督检查", "产品质量监督抽查"],
        "expropriation": "征收特种设备检验检测费用",
    },
    {
        "slug": "shengtaihuanjing", "name": "生态环境局", "abbr": "环", "domain": "生态环境",
        "industry": ["化工", "建材", "印染", "机械制造", "再生资源"],
        "violations": [
            ("超标排放大气污染物", "《中华人民共和国大气污染防治法》", "第九十九条第二项", "在生产过程中排放的{goods}浓度超过国家标准", ["颗粒物", "二氧化硫", "挥发性有机物"]),
            ("未依法贮存危险废物", "《中华人民共和国固体废物污染环境防治法》", "第一百一十二条第一款第六项", "将{goods}露天堆放于厂区空地，未采取防扬散、防流失、防渗漏措施", ["废机油", "废活性炭", "含油抹布"]),
            ("通过暗管排放水污染物", "《中华人民共和国水污染防治法》", "第八十三条第三项", "通过私设暗管将{goods}直接排入附近河道", ["生产废水", "清洗废水"]),
        ],
        "licences": [("排污许可", "排污许可证", "PW")],
        "inspection": ["排污单位执法检查", "危险废物规范化管理检查"],
        "expropriation": "征收排污权有偿使用费",
    },
    {
        "slug": "jiaotongyunshu", "name": "交通运输局", "abbr": "交", "domain": "交通运输",
        "industry": ["物流", "运输", "客运", "驾驶培训"],
        "violations": [
            ("未取得道路运输经营许可擅自从事道路运输经营", "《中华人民共和国道路运输条例》", "第六十三条", "未取得道路运输经营许可，使用{goods}从事经营性运输", ["小型客车", "普通货车"]),
            ("超限运输", "《公路安全保护条例》", "第六十四条", "使用车辆装载{goods}超限在公路上行驶", ["砂石", "钢材", "水泥"]),
        ],
        "licences": [("道路货物运输经营许可", "道路运输经营许可证", "DY")],
        "inspection": ["道路运输企业安全生产检查", "机动车维修经营者检查"],
        "expropriation": "征收公路路产损坏赔偿费",
    },
    {
        "slug": "yingjiguanli", "name": "应急管理局", "abbr": "应急", "domain": "安全生产",
        "industry": ["建筑工程", "矿业", "化工", "仓储"],
        "violations": [
            ("未按规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》", "第九十七条第三项", "未对新入职的{goods}进行安全生产教育和培训即安排上岗作业", ["操作工", "仓库管理员", "焊工"]),
            ("未采取措施消除事故隐患", "《中华人民共和国安全生产法》", "第一百零二条", "对检查发现的{goods}隐患，逾期未采取措施消除", ["消防通道堵塞", "安全出口锁闭", "电气线路老化"]),
        ],
        "licences": [("危险化学品经营许可", "危险化学品经营许可证", "WH")],
        "inspection": ["工贸企业安全生产检查", "危险化学品经营单位检查"],
        "expropriation": "征用应急救援物资",
    },
    {
        "slug": "weishengjiankang", "name": "卫生健康委员会", "abbr": "卫健", "domain": "卫生健康",
        "industry": ["医疗", "美容", "健康管理", "诊所"],
        "violations": [
            ("未取得医疗机构执业许可证擅自执业", "《医疗机构管理条例》", "第四十三条", "未取得医疗机构执业许可证，擅自开展{goods}诊疗活动", ["口腔", "医疗美容", "中医推拿"]),
            ("公共场所卫生不符合标准", "《公共场所卫生管理条例》", "第十四条", "经营场所{goods}经检测不符合卫生标准", ["毛巾", "茶具", "空气质量"]),
        ],
        "licences": [("医疗机构执业登记", "医疗机构执业许可证", "YL"), ("公共场所卫生许可", "公共场所卫生许可证", "WS")],
        "inspection": ["医疗机构依法执业检查", "公共场所卫生监督检查"],
        "expropriation": "征用突发公共卫生事件应急场所",
    },
    {
        "slug": "zonghexingzhengzhifa", "name": "综合行政执法局", "abbr": "综执", "domain": "城市管理",
        "industry": ["建筑工程", "广告", "餐饮", "渣土运输"],
        "violations": [
            ("擅自设置户外广告", "《城市市容和环境卫生管理条例》", "第三十六条第二项", "未经批准在{goods}擅自设置大型户外广告牌", ["临街建筑外墙", "人行道", "楼顶"]),
            ("未按规定处置建筑垃圾", "《中华人民共和国固体废物污染环境防治法》", "第一百一十一条第一款第四项", "将施工产生的建筑垃圾倾倒于{goods}", ["河道边", "绿化带", "道路两侧"]),
        ],
        "licences": [("城市建筑垃圾处置核准", "建筑垃圾处置核准文件", "JZ")],
        "inspection": ["市容环境卫生检查", "建筑垃圾运输车辆检查"],
        "expropriation": "征收城市道路占用挖掘费",
    },
    {
        "slug": "ziranziyuan", "name": "自然资源和规划局", "abbr": "自然资源", "domain": "自然资源",
        "industry": ["房地产开发", "矿业", "建材", "农业开发"],
        "violations": [
            ("非法占用土地", "《中华人民共和国土地管理法》", "第七十七条第一款", "未经批准擅自占用集体土地{goods}", ["建设厂房", "修建仓库", "堆放砂石"]),
            ("未取得采矿许可证擅自采矿", "《中华人民共和国矿产资源法》", "第三十九条", "未取得采矿许可证擅自开采{goods}", ["建筑用砂石", "页岩", "河砂"]),
        ],
        "licences": [("建设用地规划许可", "建设用地规划许可证", "GH")],
        "inspection": ["矿产资源开发利用检查", "土地利用动态巡查"],
        "expropriation": "国有土地上房屋征收",
    },
    {
        "slug": "zhufangchengxiang", "name": "住房和城乡建设局", "abbr": "住建", "domain": "住房建设",
        "industry": ["建筑工程", "房地产开发", "物业服务", "装饰工程"],
        "violations": [
            ("未取得施工许可证擅自施工", "《中华人民共和国建筑法》", "第六十四条", "未取得施工许可证擅自开工建设{goods}", ["住宅项目", "厂房", "商业综合体"]),
            ("施工单位未按照工程建设强制性标准施工", "《建设工程质量管理条例》", "第六十四条", "在{goods}施工中偷工减料，使用不合格的建筑材料", ["主体结构", "屋面防水", "外墙保温"]),
        ],
        "licences": [("建筑工程施工许可", "建筑工程施工许可证", "SG")],
        "inspection": ["建筑施工安全检查", "物业服务企业检查"],
        "expropriation": "征收城市基础设施配套费",
    },
    {
        "slug": "wenhualvyou", "name": "文化广播电视和旅游局", "abbr": "文旅", "domain": "文化旅游",
        "industry": ["旅行社", "文化传媒", "娱乐", "网络科技"],
        "violations": [
            ("旅行社未与旅游者签订旅游合同", "《中华人民共和国旅游法》", "第一百条", "组织{goods}活动时未与旅游者签订书面旅游合同", ["一日游", "研学旅行", "自驾游"]),
            ("娱乐场所超时营业", "《娱乐场所管理条例》", "第四十八条", "经营的{goods}在规定时间以外营业", ["歌舞娱乐场所", "游艺娱乐场所"]),
        ],
        "licences": [("娱乐场所经营许可", "娱乐经营许可证", "YW"), ("旅行社业务经营许可", "旅行社业务经营许可证", "LX")],
        "inspection": ["旅行社经营行为检查", "网吧及娱乐场所检查"],
        "expropriation": "征收文物保护补偿费用",
    },
    {
        "slug": "nongyenongcun", "name": "农业农村局", "abbr": "农", "domain": "农业农村",
        "industry": ["农资", "种业", "畜牧", "水产养殖"],
        "violations": [
            ("经营假种子", "《中华人民共和国种子法》", "第七十四条", "销售经检验为假种子的{goods}", ["水稻种子", "玉米种子", "油菜种子"]),
            ("经营未经检疫的动物产品", "《中华人民共和国动物防疫法》", "第一百条", "经营未附有检疫证明的{goods}", ["生猪产品", "牛肉", "禽类产品"]),
        ],
        "licences": [("农药经营许可", "农药经营许可证", "NY")],
        "inspection": ["农资经营门店检查", "畜禽养殖场动物防疫条件检查"],
        "expropriation": "征收渔业资源增殖保护费",
    },
    {
        "slug": "renliziyuan", "name": "人力资源和社会保障局", "abbr": "人社", "domain": "劳动保障",
        "industry": ["人力资源", "建筑劳务", "家政服务", "保安服务"],
        "violations": [
            ("克扣或者无故拖欠劳动者工资", "《保障农民工工资支付条例》", "第五十四条", "拖欠{goods}工资，经责令限期支付逾期未支付", ["农民工", "保洁人员", "车间工人"]),
            ("未按规定订立书面劳动合同", "《中华人民共和国劳动合同法》", "第八十二条", "招用{goods}未依法订立书面劳动合同", ["劳动者", "季节性用工人员"]),
        ],
        "licences": [("人力资源服务许可", "人力资源服务许可证", "RL")],
        "inspection": ["用人单位劳动保障守法情况检查", "工程建设领域工资支付检查"],
        "expropriation": "征收残疾人就业保障金",
    },
    {
        "slug": "shuiwu", "name": "水务局", "abbr": "水", "domain": "水务",
        "industry": ["水电开发", "砂石开采", "供水", "建材"],
        "violations": [
            ("未经批准在河道管理范围内采砂", "《中华人民共和国河道管理条例》", "第四十四条", "未经批准在{goods}河段采砂", ["青衣溪", "龙潭河", "白沙河"]),
            ("未经批准擅自取水", "《中华人民共和国水法》", "第六十九条第一项", "未取得取水许可擅自从{goods}取水用于生产", ["地下水", "水库", "河道"]),
        ],
        "licences": [("取水许可", "取水许可证", "QS")],
        "inspection": ["水资源开发利用检查", "河道采砂监督检查"],
        "expropriation": "征收水土保持补偿费",
    },
]

ORG_SUFFIX = ["有限公司", "有限责任公司", "股份有限公司"]
COERCION = [  # mostly 查封 and 扣押
    "查封场所、设施或者财物", "查封场所、设施或者财物", "扣押财物", "扣押财物", "扣押财物", "冻结存款、汇款", "加处罚款或者滞纳金", "代履行",
]
INSPECTION_RESULTS = ["未发现问题"] * 7 + ["发现问题已责令整改"] * 2 + ["发现问题已立案查处", "检查对象无法联系或已停业"]
LICENCE_CATEGORIES = ["普通"] * 6 + ["登记", "核准", "认可", "特许"]
TITLES = {
    "行政处罚": "行政处罚决定书",
    "行政许可": "准予行政许可决定书",
    "行政强制": "实施行政强制措施决定书",
    "行政检查": "行政检查结果告知书",
    "行政征收征用": "征收决定书",
}
DOC_CHAR = {"行政处罚": "罚", "行政许可": "许", "行政强制": "强", "行政检查": "检", "行政征收征用": "征"}
KIND_WEIGHTS = [("行政处罚", 40), ("行政许可", 25), ("行政检查", 22), ("行政强制", 9), ("行政征收征用", 4)]


class Dept:
    """What one generated department offers to its decisions."""

    __slots__ = ("index", "slug", "name", "prefix", "kind", "county", "certs", "powers", "standards", "items")

    def __init__(self, index: int) -> None:
        t = DEPT_TYPES[index % len(DEPT_TYPES)]
        level = index // len(DEPT_TYPES)  # 0: the city's own department, then one per county
        self.index = index
        self.kind = t
        if level == 0:
            self.county = REGION_NAME
            self.slug = t["slug"]
            self.name = REGION_NAME + t["name"]
            self.prefix = REGION_SHORT + t["abbr"]
        else:
            cname, cslug, cshort = COUNTIES[(level - 1) % len(COUNTIES)]
            rounds = (level - 1) // len(COUNTIES)
            suffix = f"-{rounds + 1}" if rounds else ""
            self.county = cname
            self.slug = f"{t['slug']}-{cslug}{suffix}"
            self.name = f"{REGION_NAME}{cname}{t['name']}" + (f"第{rounds + 1}分局" if rounds else "")
            self.prefix = f"{cshort}{t['abbr']}" + (f"{rounds + 1}" if rounds else "")
        self.certs: list[str] = []
        self.powers: dict[str, list[str]] = {}
        self.standards: dict[str, str] = {}
        self.items: list[str] = []


# ---------------------------------------------------------------- random pieces


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_INDEX = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _uscc_check_digit(body: str) -> str:
    """stdnum.cn.uscc.calc_check_digit without its per-call input cleaning (3x faster)."""
    total = sum(_USCC_INDEX[c] * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total) % 31]


class Maker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self) -> str:
        r = self.rng
        given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
        return r.choice(SURNAMES) + given

    def uscc(self, head: str, region: str = REGION_CODE) -> str:
        body = head + region + "".join(self.rng.choices(_USCC_ALPHABET, k=9))
        return body + _uscc_check_digit(body)

    def ric(self, birth: date) -> str:
        body = f"{ID_PREFIX}{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
        return body + ric.calc_check_digit(body + "0")

    def phone(self) -> str:
        return f"{PHONE_AREA}-{self.rng.randrange(2100000, 8899999)}"

    def address(self, county: str) -> str:
        r = self.rng
        return f"{REGION_NAME}{county if county != REGION_NAME else ''}{r.choice(STREETS)}{r.randrange(1, 399)}号"

    def day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _money(r: random.Random, lo: int, hi: int) -> int | float:
    if r.random() < 0.85:
        step = 100 if hi <= 20000 else 1000
        return max(lo, r.randrange(lo, hi) // step * step)
    return round(r.uniform(lo, hi), 2)


# ---------------------------------------------------------------- department files


def _law_basis(law: str, article: str, text: str | None = None) -> dict:
    out = {"law": law, "article": article}
    if text:
        out["text"] = text
    return out


def _department_files(d: Dept, m: Maker) -> dict[str, dict]:
    r = m.rng
    t = d.kind
    revised = date(2026, 1, 1) + timedelta(days=r.randrange(180))
    body = d.name

    powers: list[dict] = []
    standards: list[dict] = []
    guides: list[dict] = []
    charts: list[dict] = []
    inspection_items: list[dict] = []

    def add_power(code: str, name: str, ptype: str, basis: list[dict], **more: object) -> None:
        p = {"code": code, "name": name, "type": ptype, "basis": basis, "body": body}
        p["responsibilities"] = ["受理（立案）责任：依法受理或者立案。", "审查（调查）责任：全面、客观、公正地调查收集证据。", "决定责任：依法作出决定并说明理由。", "送达责任：依法送达法律文书。"]
        p["accountability"] = ["对符合条件的申请不予受理、不予办理或者对应当立案的违法行为不予立案的", "未依法说明理由或者违反法定程序实施的", "滥用职权、玩忽职守、徇私舞弊的"]
        p.update(more)
        powers.append(p)
        d.powers.setdefault(ptype, []).append(code)

    for i, (vtype, law, article, _did, _goods) in enumerate(t["violations"], 1):
        code, sid = f"CF-{i:03d}", f"JZ-{i:03d}"
        add_power(code, f"对{vtype}的处罚", "行政处罚", [_law_basis(law, article, f"违反本法规定，{vtype}的，由县级以上人民政府有关主管部门责令改正，没收违法所得，并处罚款。")], discretion=[sid])
        standards.append({
            "id": sid, "power_code": code, "name": vtype, "basis": f"{law}{article}",
            "levels": [
                {"level": "不予处罚", "circumstances": "初次违法且危害后果轻微并及时改正的。", "penalty": "不予行政处罚，予以批评教育。"},
                {"level": "从轻处罚", "circumstances": "主动消除或者减轻违法行为危害后果的。", "penalty": "处法定罚款幅度百分之三十以下的罚款。"},
                {"level": "一般处罚", "circumstances": "不具有从轻、从重情节的。", "penalty": "处法定罚款幅度百分之三十至百分之七十的罚款。"},
                {"level": "从重处罚", "circumstances": "违法行为持续时间长、社会影响恶劣或者拒不改正的。", "penalty": "处法定罚款幅度百分之七十以上的罚款，情节严重的依法吊销许可证件。"},
            ],
        })
        d.standards[code] = sid
    for i, (lname, _cert, _p) in enumerate(t["licences"], 1):
        code, gid, cid = f"XK-{i:03d}", f"ZN-{i:03d}", f"LC-{i:03d}"
        add_power(code, lname, "行政许可", [_law_basis(t["violations"][0][1], "第三十五条")], flowchart=cid, guide=gid)
        guides.append({
            "id": gid, "power_code": code, "name": lname, "accepting_body": f"{body}政务服务窗口", "approving_body": body,
            "conditions": ["申请人具有与申请事项相适应的场所、设备和人员。", "具有健全的管理制度和岗位责任制度。", "法律、法规规定的其他条件。"],
            "materials": [
                {"name": "申请书", "form": "原件 1 份"},
                {"name": "营业执照或者身份证明", "form": "复印件 1 份", "note": "核验原件后退回。"},
                {"name": "场所平面图及设备清单", "form": "原件 1 份"},
            ],
            "statutory_days": 20, "promised_days": r.choice([5, 7, 10]),
            "fees": "不收费",
            "process": ["申请人提交申请材料。", "窗口受理并出具受理通知书。", "审查申请材料，必要时现场核查。", "作出准予或者不予许可的决定。", "制发并送达证件。"],
            "location": f"{REGION_NAME}政务服务中心二楼{r.randrange(1, 40)}号窗口",
            "hours": "工作日 9:00—12:00、13:30—17:30",
            "phone": m.phone(),
            "online_url": f"https://zwfw.example.org/{d.slug}/{gid.lower()}",
            "remedies": f"对许可决定不服的，可以自知道该行政行为之日起六十日内向{REGION_NAME}人民政府申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。",
            "flowchart": cid,
        })
        charts.append({
            "id": cid, "name": f"{lname}办理流程", "power_code": code,
            "steps": [
                {"id": "S1", "name": "申请", "actor": "申请人", "time_limit": "当场", "next": ["S2"]},
                {"id": "S2", "name": "受理", "actor": "政务服务窗口", "time_limit": "当场", "next": ["S3", "S5"]},
                {"id": "S3", "name": "审查", "actor": "业务科室", "time_limit": "5 个工作日", "next": ["S4"]},
                {"id": "S4", "name": "决定", "actor": "分管负责人", "time_limit": "2 个工作日"},
                {"id": "S5", "name": "一次性告知补正", "actor": "政务服务窗口", "time_limit": "当场", "when": "材料不齐全或者不符合法定形式", "next": ["S2"]},
            ],
        })
    law0 = t["violations"][0][1]
    add_power("QZ-001", f"{t['domain']}领域查封、扣押", "行政强制", [_law_basis(law0, "第一百一十条")])
    add_power("QZ-002", "加处罚款", "行政强制", [_law_basis("《中华人民共和国行政强制法》", "第四十五条")])
    for i, subject in enumerate(t["inspection"], 1):
        code, iid = f"JC-{i:03d}", f"CC-{i:03d}"
        add_power(code, subject, "行政检查", [_law_basis(law0, "第一百一十条")])
        inspection_items.append({
            "code": iid, "name": subject, "sub_items": ["证照公示情况", "制度建立及落实情况", "现场管理情况"],
            "basis": [_law_basis(law0, "第一百一十条")], "body": body,
            "targets": f"本行政区域内{t['domain']}领域的经营主体", "method": r.choice(["现场检查", "书面检查", "网络监测"]),
            "ratio": f"不低于 {r.choice([3, 5, 10])}%", "frequency": "每年不少于 1 次", "domain": t["domain"],
        })
        d.items.append(iid)
    add_power("ZS-001", t["expropriation"], "行政征收", [_law_basis("《中华人民共和国行政强制法》" if "征用" in t["expropriation"] else law0, "第十二条")])
    add_power("QR-001", f"{t['domain']}相关事项的确认", "行政确认", [_law_basis(law0, "第二十条")], remarks="依申请办理。")

    personnel: list[dict] = []
    n_staff = r.randrange(8, 21)
    for k in range(n_staff):
        cert = f"YX{d.index + 1:04d}{k + 1:04d}"
        status = "在岗" if k < 2 or r.random() < 0.9 else r.choice(["离岗", "暂扣", "注销"])
        if status == "在岗":
            d.certs.append(cert)
        personnel.append({
            "name": m.person(), "unit": r.choice(["执法大队", "执法一中队", "执法二中队", "政策法规科", "综合科"]),
            "cert_no": cert, "categories": [t["domain"]], "area": REGION_NAME if d.county == REGION_NAME else d.county,
            "issuer": f"{REGION_NAME}人民政府", "valid_until": date(r.choice([2028, 2029, 2030]), r.randrange(1, 13), 1),
            "status": status, "legal_review": k < 2,
        })

    profile = {
        "name": d.name, "short_name": d.prefix, "uscc": m.uscc("11"), "region_code": REGION_CODE,
        "address": m.address(d.county), "phone": m.phone(), "website": f"https://{d.slug}.example.org/",
        "hours": "工作日 9:00—12:00、13:30—17:30",
        "duties": [f"负责本行政区域{t['domain']}领域的监督管理工作。", f"依法查处{t['domain']}领域的违法行为。", "完成上级交办的其他任务。"],
        "authority": f"依照法律、法规和规章的规定，对{t['domain']}领域的违法行为实施行政处罚、行政强制和行政检查，并办理有关行政许可。",
        "legal_basis": [f"《{d.name}职能配置、内设机构和人员编制规定》", f"{law0}"],
        "procedures": "立案：发现违法线索后及时核查，符合条件的予以立案。\n调查：两名以上执法人员出示证件，全面收集证据。\n审核：重大执法决定须经法制审核。\n决定：依法作出决定并告知当事人权利。\n送达：依法送达决定书。",
        "remedies": [
            {"kind": "行政复议", "body": f"{REGION_NAME}人民政府", "address": m.address(REGION_NAME), "phone": m.phone(), "time_limit": "自知道该行政行为之日起六十日内"},
            {"kind": "行政诉讼", "body": f"{REGION_NAME}{COUNTIES[0][0]}人民法院", "time_limit": "自知道或者应当知道作出行政行为之日起六个月内"},
            {"kind": "投诉举报", "body": f"{d.name}政策法规科", "phone": m.phone(), "time_limit": "随时", "note": "也可拨打 12345 政务服务便民热线。"},
        ],
        "legal_review_unit": {"name": "政策法规科", "phone": m.phone()},
        "revised": revised,
    }

    def listfile(items: list[dict]) -> dict:
        return {
            "revised": revised,
            "revisions": [
                {"date": revised, "summary": "根据机构职能调整更新清单。"},
                {"date": date(2024, 3, 1), "summary": "首次公布。"},
            ],
            "items": items,
        }

    return {
        "department.yaml": profile,
        "powers.yaml": listfile(powers),
        "inspection_items.yaml": listfile(inspection_items),
        "personnel.yaml": listfile(personnel),
        "service_guides.yaml": listfile(guides),
        "flowcharts.yaml": listfile(charts),
        "discretion_standards.yaml": listfile(standards),
    }


# ---------------------------------------------------------------- decisions


_FACT_TAIL = [
    "执法人员现场制作了检查笔录，并对相关物品拍照取证。",
    "当事人对上述违法事实无异议，并提交了书面陈述材料。",
    "案件调查期间，当事人积极配合调查，如实陈述违法事实。",
    "以上事实有现场检查笔录、询问笔录、检验报告、营业执照复印件及现场照片等证据证实。",
    "当事人在规定期限内未提出陈述、申辩意见，亦未要求举行听证。",
    "执法人员依法向当事人告知了拟作出行政处罚的事实、理由、依据及依法享有的陈述、申辩权利。",
    "当事人已于调查期间停止违法行为，并对涉案物品进行了下架处理。",
    "经核实，当事人系初次违法，违法行为持续时间较短。",
    "执法人员责令当事人立即改正违法行为，当事人表示接受。",
]


def _facts(r: random.Random, who: str, when: date, where: str, did: str, law: str, article: str, earned: int | None) -> str:
    parts = [f"经查，当事人{who}于{_cn_date(when)}在{where}{did}。"]
    if earned:
        parts.append(f"违法经营期间共计获得违法所得人民币{earned}元。")
    parts.append(f"当事人的上述行为违反了{law}{article}的规定。")
    target = r.randrange(80, 301)
    tails = r.sample(_FACT_TAIL, len(_FACT_TAIL))
    size = sum(map(len, parts))
    for tail in tails:
        if size >= target:
            break
        if size + len(tail) > 300:
            continue
        parts.append(tail)
        size += len(tail)
    if size < 80:
        parts.append(_FACT_TAIL[3])
    return "".join(parts)


def _party(m: Maker, d: Dept, decided: date) -> tuple[dict, str]:
    """The party and how the facts refer to it."""
    r = m.rng
    x = r.random()
    if x < 0.15:  # natural person
        minor = r.random() < 0.02
        age = r.randrange(14, 18) if minor else r.randrange(19, 75)
        birth = date(decided.year - age, r.randrange(1, 13), r.randrange(1, 29))
        name = m.person()
        party: dict = {"name": name, "kind": "自然人", "id_type": "居民身份证", "id_number": m.ric(birth)}
        if minor:
            party["minor"] = True
        return party, name
    if x < 0.35:  # 个体工商户
        operator = m.person()
        place = d.county if d.county != REGION_NAME else COUNTIES[r.randrange(20)][0]
        name = f"{place}{operator[0]}记{r.choice(SHOPS)}" if r.random() < 0.5 else f"{place}{r.choice(BRANDS)}{r.choice(SHOPS)}"
        return {"name": name, "kind": "个体工商户", "uscc": m.uscc("92"), "operator": operator}, name
    name = f"{REGION_NAME}{r.choice(BRANDS)}{r.choice(d.kind['industry'])}{r.choice(ORG_SUFFIX)}"
    return {"name": name, "kind": "法人及非法人组织", "uscc": m.uscc("91"), "legal_rep": m.person()}, name


def _decision(m: Maker, d: Dept, kind: str, decided: date, doc_no: str) -> dict:
    r = m.rng
    t = d.kind
    party, who = _party(m, d, decided)
    where = m.address(d.county)
    rec: dict = {"doc_no": doc_no, "kind": kind, "title": TITLES[kind]}
    published = decided + timedelta(days=r.randrange(0, 7))
    if published > LAST_DAY:
        published = LAST_DAY
    major = False
    if kind == "行政处罚":
        vi = r.randrange(len(t["violations"]))
        vtype, law, article, did, goods = t["violations"][vi]
        code = f"CF-{vi + 1:03d}"
        did = did.format(goods=r.choice(goods))
        x = r.random()
        if x < 0.12:
            cats = ["警告"]
        elif x < 0.62:
            cats = ["罚款"]
        elif x < 0.82:
            cats = ["没收违法所得", "罚款"]
        elif x < 0.92:
            cats = ["警告", "罚款"]
        elif x < 0.97:
            cats = ["罚款", "责令停产停业"]
        else:
            cats = ["罚款", "吊销许可证件"]
        earned = r.randrange(200, 50000) if "没收违法所得" in cats else None
        small = cats == ["警告"] or (r.random() < 0.15 and "罚款" in cats and len(cats) == 1)
        fine = None
        if "罚款" in cats:
            fine = r.randrange(1, 3) * 100 if small else _money(r, 2000, 300000 if r.random() < 0.05 else 50000)
        major = bool(fine and fine >= 100000) or "吊销许可证件" in cats
        rec.update({"power_code": code, "decision_date": decided, "published": published, "party": party})
        rec["violation_type"] = vtype
        rec["facts"] = _facts(r, who, decided - timedelta(days=r.randrange(20, 120)), where, did, law, article, earned)
        rec["basis"] = f"{law}{article}"
        rec["categories"] = cats
        content = []
        if "警告" in cats:
            content.append("警告")
        if earned:
            content.append(f"没收违法所得人民币{earned}元")
        if fine is not None:
            content.append(f"罚款人民币{fine}元")
        if "责令停产停业" in cats:
            content.append("责令停产停业一个月")
        if "吊销许可证件" in cats:
            content.append("吊销许可证件")
        rec["content"] = "；".join(content) + "。"
        if fine is not None:
            rec["fine"] = fine
        if earned:
            rec["confiscation"] = earned
        if "吊销许可证件" in cats:
            lic = t["licences"][0]
            rec["licence_affected"] = f"{lic[1]} {lic[2]}{r.randrange(10**9, 10**10)}"
        if r.random() < 0.3:
            rec["penalty_until"] = decided + timedelta(days=365 * 3)
        rec["discretion"] = d.standards[code]
        conclusion = rec["content"]
        procedure = "简易程序" if small else "普通程序"
    elif kind == "行政许可":
        li = r.randrange(len(t["licences"]))
        lname, cert, letters = t["licences"][li]
        rec.update({"power_code": f"XK-{li + 1:03d}", "decision_date": decided, "published": published, "party": party})
        rec["licence_category"] = r.choice(LICENCE_CATEGORIES)
        rec["licence_name"] = cert
        rec["licence_no"] = f"{letters}{d.index + 1:04d}{decided.year}{r.randrange(10**5, 10**6)}"
        rec["content"] = f"准予{who}{lname}，经营场所：{where}。"
        rec["valid_from"] = decided
        rec["valid_until"] = date(2099, 12, 31) if r.random() < 0.1 else date(decided.year + 5, decided.month, min(decided.day, 28))
        conclusion = "准予许可。"
        procedure = None
    elif kind == "行政强制":
        measure = r.choice(COERCION)
        code = "QZ-002" if measure == "加处罚款或者滞纳金" else "QZ-001"
        vtype, law, article, did, goods = r.choice(t["violations"])
        did = did.format(goods=r.choice(goods))
        rec.update({"power_code": code, "decision_date": decided, "published": published, "party": party})
        rec["measure"] = measure
        rec["facts"] = _facts(r, who, decided - timedelta(days=r.randrange(1, 30)), where, did, law, article, None)
        rec["basis"] = f"{law}第一百一十条"
        rec["content"] = f"对当事人位于{where}的涉案物品及场所实施{measure}，期限三十日。"
        rec["period_from"] = decided
        rec["period_until"] = decided + timedelta(days=30)
        conclusion = f"实施{measure}。"
        procedure = "普通程序"
    elif kind == "行政检查":
        ii = r.randrange(len(d.items))
        rec.update({"power_code": f"JC-{ii + 1:03d}", "decision_date": decided, "published": published, "party": party})
        rec["subject"] = t["inspection"][ii]
        if r.random() < 0.7:
            rec["inspection_item"] = d.items[ii]
        result = r.choice(INSPECTION_RESULTS)
        rec["result"] = result
        if result != "未发现问题" or r.random() < 0.3:
            rec["findings"] = {
                "未发现问题": "现场检查证照齐全，制度落实到位，未发现违法违规问题。",
                "发现问题已责令整改": "现场检查发现台账记录不完整、部分区域管理不规范，已当场责令限期整改。",
                "发现问题已立案查处": "现场检查发现涉嫌违法行为，已依法立案调查。",
                "检查对象无法联系或已停业": "按登记地址未找到检查对象，经电话联系无人接听。",
            }.get(result, "其他情况。")
        conclusion = result
        procedure = None
    else:  # 行政征收征用
        rec.update({"power_code": "ZS-001", "decision_date": decided, "published": published, "party": party})
        rec["subject"] = t["expropriation"]
        rec["basis"] = "依据有关法律、法规和规章的规定。"
        rec["content"] = f"{t['expropriation']}，对象为{who}，标准按{REGION_NAME}人民政府公布的标准执行。"
        if r.random() < 0.8:
            rec["amount"] = _money(r, 1000, 500000)
        conclusion = f"{t['expropriation']}。"
        procedure = None
    rec["conclusion"] = conclusion
    rec["officers"] = r.sample(d.certs, 2)
    if procedure:
        rec["procedure"] = procedure
    if procedure == "普通程序" or major:
        rec["legal_review"] = True
    if major:
        rec["major"] = True
    if r.random() < 0.03:
        latest = min(decided + timedelta(days=365), LAST_DAY)
        if latest > decided:
            wk = r.choice(["撤销", "撤销", "确认违法", "变更", "要求重新作出", "确认无效"])
            rec["withdrawal"] = {
                "date": m.day(decided + timedelta(days=1), latest),
                "kind": wk,
                "reason": f"经{REGION_NAME}人民政府行政复议，本决定被{wk if wk != '要求重新作出' else '责令重新作出'}。",
                "document": f"{REGION_SHORT}府复决〔{decided.year}〕{r.randrange(1, 300)}号",
            }
    if r.random() < 0.05:
        rec["remarks"] = "当事人已履行完毕。"
    return rec


def _spread(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integer shares proportional to `weights` (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(weights)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def generate(out_dir: Path, departments: int, decisions: int, seed: int = 0) -> None:
    """Write a valid synthetic region to `out_dir` (which must not exist or be empty)."""
    out_dir = Path(out_dir)
    if departments < 1:
        raise ValueError("departments must be at least 1")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    m = Maker(rng)
    sample = "91990100MA6CXY812"
    assert _uscc_check_digit(sample) == uscc.calc_check_digit(sample)  # same arithmetic as stdnum

    region = {
        "name": REGION_NAME, "code": REGION_CODE, "site_title": f"{REGION_NAME}行政执法公示平台",
        "publisher": f"{REGION_NAME}司法局", "contact": m.phone(), "base_url": "https://gongshi.example.org/",
    }
    (out_dir / "region.yaml").write_text(yaml_text(region), encoding="utf-8")

    depts = [Dept(i) for i in range(departments)]
    for d in depts:
        folder = out_dir / d.slug
        folder.mkdir()
        for name, content in _department_files(d, m).items():
            (folder / name).write_text(yaml_text(content), encoding="utf-8")

    # Uneven but bounded department sizes: the largest has at most 6x the smallest.
    counts = _spread(decisions, [rng.uniform(1, 6) for _ in depts])
    kinds = [k for k, _ in KIND_WEIGHTS]
    kind_cum = []
    acc = 0
    for _, w in KIND_WEIGHTS:
        acc += w
        kind_cum.append(acc)
    span = (LAST_DAY - FIRST_DAY).days + 1
    for d, n in zip(depts, counts, strict=True):
        if n == 0:
            continue
        folder = out_dir / d.slug / "decisions"
        folder.mkdir()
        offsets = sorted(rng.randrange(span) for _ in range(n))
        dkinds = rng.choices(kinds, cum_weights=kind_cum, k=n)
        by_file: dict[str, list[str]] = {}
        per_year: dict[int, int] = {}
        for off in offsets:
            y = (FIRST_DAY + timedelta(days=off)).year
            per_year[y] = per_year.get(y, 0) + 1
        serial: dict[tuple[int, str], int] = {}
        for off, kind in zip(offsets, dkinds, strict=True):
            decided = FIRST_DAY + timedelta(days=off)
            key = (decided.year, kind)
            serial[key] = serial.get(key, 0) + 1
            doc_no = f"{d.prefix}{DOC_CHAR[kind]}〔{decided.year}〕{serial[key]}号"
            rec = _decision(m, d, kind, decided, doc_no)
            fname = f"{decided.year}.yaml" if per_year[decided.year] <= MAX_PER_FILE else f"{decided.year}-{decided.month:02d}.yaml"
            lines = by_file.get(fname)
            if lines is None:
                lines = by_file[fname] = ["items:"]
            emit(lines, rec, "    ", "  - ")
        for fname, lines in by_file.items():
            (folder / fname).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.synth", description="Write a valid synthetic region of YAML lists.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    args = ap.parse_args(argv)
    if args.force and args.out_dir.exists():
        shutil.rmtree(args.out_dir)
    t0 = time.perf_counter()
    try:
        generate(args.out_dir, args.departments, args.decisions, args.seed)
    except FileExistsError as e:
        print(f"{e}; use --force to replace it", file=sys.stderr)
        return 2
    print(f"wrote {args.decisions} decisions in {args.departments} departments to {args.out_dir} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
