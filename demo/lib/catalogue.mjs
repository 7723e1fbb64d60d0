// Static data of the demo one-stop shop: the unit, its officers and the procedures it posts.
// Procedure names follow the national catalogue; national codes, decision numbers and agency identifiers are
// illustrative (close to the real format, not copied from a real registry). See demo/README.md.

export const PROVINCE = 'Hà Nội';
export const SYSTEM_NAME = 'Hệ thống thông tin giải quyết thủ tục hành chính thành phố Hà Nội';

/** 1 July 2025: Decree 118/2025/NĐ-CP in force, districts abolished, commune-level Public Administration Service Centers. */
export const REFORM_DATE = Date.UTC(2025, 6, 1);

export const ERAS = {
  pre: {
    key: 'pre',
    agencyCode: '000.20.33.H26',
    unitName: 'Bộ phận Tiếp nhận và Trả kết quả UBND phường Sơn Tây',
    unitShort: 'Bộ phận TN&TKQ phường Sơn Tây',
    parentName: 'ỦY BAN NHÂN DÂN THỊ XÃ SƠN TÂY',
    headerTop: 'ỦY BAN NHÂN DÂN PHƯỜNG SƠN TÂY',
    headerSub: 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
    address: 'phường Sơn Tây, thị xã Sơn Tây, thành phố Hà Nội',
    place: 'Sơn Tây',
  },
  post: {
    key: 'post',
    agencyCode: '000.00.12.H26',
    unitName: 'Trung tâm Phục vụ hành chính công phường Sơn Tây',
    unitShort: 'Trung tâm PVHCC phường Sơn Tây',
    parentName: 'ỦY BAN NHÂN DÂN PHƯỜNG SƠN TÂY',
    headerTop: 'ỦY BAN NHÂN DÂN PHƯỜNG SƠN TÂY',
    headerSub: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG',
    address: 'phường Sơn Tây, thành phố Hà Nội',
    place: 'Sơn Tây',
  },
};

/** Roles of the people who handle a step, by era: unit name, officers. */
export const ROLES = {
  reception: {
    pre: { unit: 'Bộ phận Tiếp nhận và Trả kết quả', officers: ['Nguyễn Thị Hồng Nhung', 'Phạm Minh Tuấn', 'Vũ Thu Trang'] },
    post: { unit: 'Trung tâm Phục vụ hành chính công phường Sơn Tây', officers: ['Nguyễn Thị Hồng Nhung', 'Vũ Thu Trang', 'Lê Hoàng Anh'] },
  },
  tuphap: {
    pre: { unit: 'Công chức Tư pháp - Hộ tịch, UBND phường Sơn Tây', officers: ['Đỗ Văn Khải', 'Lê Thị Mai Anh'] },
    post: { unit: 'Văn phòng HĐND và UBND phường Sơn Tây', officers: ['Đỗ Văn Khải', 'Lê Thị Mai Anh'] },
  },
  diachinh: {
    pre: { unit: 'Công chức Địa chính - Xây dựng, UBND phường Sơn Tây', officers: ['Trần Đức Thắng'] },
    post: { unit: 'Phòng Kinh tế, Hạ tầng và Đô thị phường Sơn Tây', officers: ['Trần Đức Thắng', 'Hoàng Văn Lâm'] },
  },
  vhxh: {
    pre: { unit: 'Công chức Văn hóa - Xã hội, UBND phường Sơn Tây', officers: ['Bùi Thị Thanh Hương'] },
    post: { unit: 'Phòng Văn hóa - Xã hội phường Sơn Tây', officers: ['Bùi Thị Thanh Hương', 'Đinh Thị Ngọc Ánh'] },
  },
  leader: {
    pre: { unit: 'Lãnh đạo UBND phường Sơn Tây', officers: ['Ngô Quang Huy (Phó Chủ tịch)', 'Đặng Văn Thành (Chủ tịch)'] },
    post: { unit: 'Lãnh đạo UBND phường Sơn Tây', officers: ['Ngô Quang Huy (Phó Chủ tịch)', 'Mai Xuân Trường (Chủ tịch)'] },
  },
  vpdk: {
    pre: { unit: 'Chi nhánh Văn phòng Đăng ký đất đai thị xã Sơn Tây', officers: ['Lương Văn Phúc', 'Phan Thị Thu Hà'], partner: true },
    post: { unit: 'Chi nhánh Văn phòng Đăng ký đất đai khu vực Sơn Tây', officers: ['Lương Văn Phúc', 'Phan Thị Thu Hà'], partner: true },
  },
  vpdkLeader: {
    pre: { unit: 'Văn phòng Đăng ký đất đai thành phố Hà Nội', officers: ['Dương Minh Khoa (Phó Giám đốc)'], partner: true },
    post: { unit: 'Văn phòng Đăng ký đất đai thành phố Hà Nội', officers: ['Dương Minh Khoa (Phó Giám đốc)'], partner: true },
  },
  ldtbxh: {
    pre: { unit: 'Phòng Lao động - Thương binh và Xã hội thị xã Sơn Tây', officers: ['Trịnh Thị Lan'], partner: true },
  },
  cityLeader: {
    pre: { unit: 'Lãnh đạo UBND thị xã Sơn Tây', officers: ['Hồ Quốc Bảo (Phó Chủ tịch)'], partner: true },
  },
};

const RECEIVE = ['reception', 'Tiếp nhận hồ sơ', 1];
const RETURN = ['reception', 'Trả kết quả', 1];

/**
 * Procedures posted by the ward. `days`: statutory time in the publishing decision; `configuredDays`: what the
 * dossier software uses (differs on purpose for one procedure, checklist item MC-8.1-01); `stepHours`: explicit
 * internal-process allotments (their sum exceeds the statutory time on purpose for one procedure, MC-4.4-01).
 */
export const PROCEDURES = [
  {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    short: 'Chứng thực bản sao từ bản chính',
    field: 'Chứng thực',
    days: 1,
    fee: { kind: 'copy', text: '2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản' },
    level: 'Một phần',
    weight: 22,
    channels: [86, 9, 5],
    template: [RECEIVE, ['tuphap', 'Thực hiện chứng thực', 4], ['leader', 'Ký chứng thực', 2], RETURN],
    components: [
      { name: 'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực', kind: 'Bản chính', qty: 1, file: 'ban_chinh_can_chung_thuc' },
      { name: 'Bản sao cần chứng thực', kind: 'Bản sao', qty: 1, file: 'ban_sao_can_chung_thuc' },
    ],
    result: 'Bản sao được chứng thực từ bản chính',
    resultFile: 'ban_sao_chung_thuc',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 1458/QĐ-UBND ngày 12/5/2023 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '2.000884',
    name: 'Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)',
    short: 'Chứng thực chữ ký',
    field: 'Chứng thực',
    days: 1,
    fee: { kind: 'flat', amount: 10000, text: '10.000 đồng/trường hợp' },
    level: 'Một phần',
    weight: 9,
    channels: [95, 0, 5],
    template: [RECEIVE, ['tuphap', 'Thực hiện chứng thực chữ ký', 4], ['leader', 'Ký chứng thực', 2], RETURN],
    components: [
      { name: 'Giấy tờ, văn bản mà người yêu cầu chứng thực sẽ ký', kind: 'Bản chính', qty: 1, file: 'van_ban_can_chung_thuc_chu_ky' },
      { name: 'Căn cước công dân/Căn cước của người yêu cầu chứng thực', kind: 'Bản chính', qty: 1, file: 'cccd', idDoc: true },
    ],
    result: 'Giấy tờ, văn bản đã được chứng thực chữ ký',
    resultFile: 'van_ban_chung_thuc_chu_ky',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 1458/QĐ-UBND ngày 12/5/2023 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '1.001193',
    name: 'Thủ tục đăng ký khai sinh',
    short: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    days: 1,
    fee: { kind: 'free', text: 'Miễn lệ phí (đăng ký khai sinh đúng hạn)' },
    level: 'Toàn trình',
    weight: 14,
    channels: [45, 50, 5],
    template: [RECEIVE, ['tuphap', 'Thẩm định, xử lý hồ sơ', 4], ['leader', 'Phê duyệt, ký kết quả', 2], RETURN],
    components: [
      { name: 'Tờ khai đăng ký khai sinh', kind: 'Bản chính', qty: 1, file: 'to_khai_dang_ky_khai_sinh' },
      { name: 'Giấy chứng sinh', kind: 'Bản chính', qty: 1, file: 'giay_chung_sinh' },
      { name: 'Căn cước công dân của người đi đăng ký', kind: 'Bản chụp', qty: 1, file: 'cccd', idDoc: true },
      { name: 'Giấy chứng nhận kết hôn của cha, mẹ (nếu có)', kind: 'Bản sao', qty: 1, file: 'giay_chung_nhan_ket_hon', reusable: true },
    ],
    result: 'Giấy khai sinh (bản chính) và Trích lục khai sinh (bản sao)',
    resultFile: 'giay_khai_sinh',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 2017/QĐ-UBND ngày 28/6/2023 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '1.000894',
    name: 'Thủ tục đăng ký kết hôn',
    short: 'Đăng ký kết hôn',
    field: 'Hộ tịch',
    days: 3,
    fee: { kind: 'free', text: 'Miễn lệ phí' },
    level: 'Một phần',
    weight: 8,
    channels: [70, 25, 5],
    template: [RECEIVE, ['tuphap', 'Thẩm định, xác minh hồ sơ', 4], ['leader', 'Phê duyệt, ký Giấy chứng nhận kết hôn', 2], RETURN],
    components: [
      { name: 'Tờ khai đăng ký kết hôn', kind: 'Bản chính', qty: 1, file: 'to_khai_dang_ky_ket_hon' },
      { name: 'Căn cước công dân của hai bên nam, nữ', kind: 'Bản chụp', qty: 2, file: 'cccd', idDoc: true },
      { name: 'Giấy xác nhận tình trạng hôn nhân (trường hợp cư trú ở xã khác)', kind: 'Bản chính', qty: 1, file: 'giay_xac_nhan_tthn', reusable: true },
    ],
    result: 'Giấy chứng nhận kết hôn',
    resultFile: 'giay_chung_nhan_ket_hon',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 2017/QĐ-UBND ngày 28/6/2023 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '1.000656',
    name: 'Thủ tục đăng ký khai tử',
    short: 'Đăng ký khai tử',
    field: 'Hộ tịch',
    days: 1,
    fee: { kind: 'free', text: 'Miễn lệ phí' },
    level: 'Toàn trình',
    weight: 5,
    channels: [60, 35, 5],
    template: [RECEIVE, ['tuphap', 'Thẩm định, xử lý hồ sơ', 4], ['leader', 'Phê duyệt, ký trích lục khai tử', 2], RETURN],
    components: [
      { name: 'Tờ khai đăng ký khai tử', kind: 'Bản chính', qty: 1, file: 'to_khai_dang_ky_khai_tu' },
      { name: 'Giấy báo tử hoặc giấy tờ thay thế giấy báo tử', kind: 'Bản chính', qty: 1, file: 'giay_bao_tu' },
    ],
    result: 'Trích lục khai tử (bản chính)',
    resultFile: 'trich_luc_khai_tu',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 2017/QĐ-UBND ngày 28/6/2023 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '1.004873',
    name: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân',
    short: 'Xác nhận tình trạng hôn nhân',
    field: 'Hộ tịch',
    days: 3,
    fee: { kind: 'flat', amount: 3000, text: '3.000 đồng/trường hợp (miễn cho người thuộc hộ nghèo, người khuyết tật)' },
    level: 'Toàn trình',
    weight: 8,
    channels: [50, 45, 5],
    template: [RECEIVE, ['tuphap', 'Thẩm định, xác minh hồ sơ', 4], ['leader', 'Phê duyệt, ký Giấy xác nhận', 2], RETURN],
    stepHours: [4, 16, 8, 4], // 32 h configured against 3 working days (24 h): MC-4.4-01
    components: [
      { name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', kind: 'Bản chính', qty: 1, file: 'to_khai_xac_nhan_tthn' },
      { name: 'Căn cước công dân của người yêu cầu', kind: 'Bản chụp', qty: 1, file: 'cccd', idDoc: true },
    ],
    result: 'Giấy xác nhận tình trạng hôn nhân',
    resultFile: 'giay_xac_nhan_tthn',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 2017/QĐ-UBND ngày 28/6/2023 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '1.012756',
    name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu',
    short: 'Cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
    field: 'Đất đai',
    days: 20,
    fee: { kind: 'flat', amount: 100000, text: '100.000 đồng/giấy (cá nhân, hộ gia đình tại phường) theo Nghị quyết của HĐND tỉnh' },
    level: 'Một phần',
    weight: 9,
    channels: [70, 15, 15],
    template: [
      RECEIVE,
      ['diachinh', 'Kiểm tra hiện trạng, niêm yết công khai', 6],
      ['leader', 'Xác nhận, chuyển hồ sơ liên thông', 2],
      ['vpdk', 'Thẩm định hồ sơ, trình ký', 8],
      ['vpdkLeader', 'Ký Giấy chứng nhận', 2],
      RETURN,
    ],
    components: [
      { name: 'Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)', kind: 'Bản chính', qty: 1, file: 'don_dang_ky_dat_dai_04dk' },
      { name: 'Giấy tờ về quyền sử dụng đất', kind: 'Bản sao chứng thực', qty: 1, file: 'giay_to_quyen_su_dung_dat' },
      { name: 'Mảnh trích đo bản đồ địa chính', kind: 'Bản chính', qty: 1, file: 'trich_do_dia_chinh' },
      { name: 'Căn cước công dân của người sử dụng đất', kind: 'Bản chụp', qty: 1, file: 'cccd', idDoc: true },
    ],
    result: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    resultFile: 'giay_chung_nhan_qsdd',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 2560/QĐ-UBND ngày 20/9/2024 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '1.009794',
    name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
    short: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    field: 'Hoạt động xây dựng',
    days: 15,
    fee: { kind: 'flat', amount: 75000, text: '75.000 đồng/giấy phép' },
    level: 'Toàn trình',
    weight: 6,
    channels: [55, 35, 10],
    template: [RECEIVE, ['diachinh', 'Thẩm định hồ sơ, kiểm tra thực địa', 7], ['leader', 'Ký giấy phép xây dựng', 2], RETURN],
    components: [
      { name: 'Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)', kind: 'Bản chính', qty: 1, file: 'don_de_nghi_cap_gpxd' },
      { name: 'Giấy tờ chứng minh quyền sử dụng đất', kind: 'Bản sao chứng thực', qty: 1, file: 'giay_chung_nhan_qsdd', reusable: true },
      { name: 'Bản vẽ thiết kế xây dựng', kind: 'Bản chính', qty: 2, file: 'ban_ve_thiet_ke' },
    ],
    result: 'Giấy phép xây dựng',
    resultFile: 'giay_phep_xay_dung',
    eras: ['post'],
    decision: 'Quyết định số 1925/QĐ-UBND ngày 30/6/2025 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '2.000720',
    name: 'Đăng ký thành lập hộ kinh doanh',
    short: 'Đăng ký thành lập hộ kinh doanh',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    days: 3,
    configuredDays: 5, // the software gives 5 working days where the decision says 3: MC-8.1-01
    fee: { kind: 'flat', amount: 100000, text: '100.000 đồng/lần đăng ký' },
    level: 'Toàn trình',
    weight: 8,
    channels: [40, 55, 5],
    template: [RECEIVE, ['diachinh', 'Xử lý hồ sơ đăng ký hộ kinh doanh', 5], ['leader', 'Phê duyệt, cấp Giấy chứng nhận', 2], RETURN],
    components: [
      { name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'Bản chính', qty: 1, file: 'giay_de_nghi_dk_hkd' },
      { name: 'Căn cước công dân của chủ hộ kinh doanh', kind: 'Bản chụp', qty: 1, file: 'cccd', idDoc: true },
      { name: 'Hợp đồng thuê địa điểm kinh doanh (nếu có)', kind: 'Bản sao', qty: 1, file: 'hop_dong_thue_dia_diem' },
    ],
    result: 'Giấy chứng nhận đăng ký hộ kinh doanh',
    resultFile: 'giay_chung_nhan_dk_hkd',
    eras: ['post'],
    decision: 'Quyết định số 1925/QĐ-UBND ngày 30/6/2025 của Chủ tịch UBND thành phố Hà Nội',
  },
  {
    code: '1.001776',
    name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng',
    short: 'Trợ cấp xã hội hàng tháng',
    field: 'Bảo trợ xã hội',
    days: 12,
    fee: { kind: 'free', text: 'Không' },
    level: 'Một phần',
    weight: 5,
    channels: [75, 15, 10],
    template: [RECEIVE, ['vhxh', 'Thẩm định hồ sơ, niêm yết công khai', 5], ['leader', 'Ký quyết định trợ cấp', 2], RETURN],
    templatePre: [
      RECEIVE,
      ['vhxh', 'Thẩm định, niêm yết, lập danh sách', 4],
      ['leader', 'Ký văn bản đề nghị', 1],
      ['ldtbxh', 'Thẩm định, trình ký quyết định', 4],
      ['cityLeader', 'Ký quyết định trợ cấp', 1],
      RETURN,
    ],
    components: [
      { name: 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a)', kind: 'Bản chính', qty: 1, file: 'to_khai_tro_giup_xa_hoi' },
      { name: 'Giấy xác nhận khuyết tật hoặc giấy tờ chứng minh đối tượng', kind: 'Bản sao', qty: 1, file: 'giay_xac_nhan_doi_tuong' },
    ],
    result: 'Quyết định trợ cấp xã hội hàng tháng',
    resultFile: 'quyet_dinh_tro_cap',
    eras: ['pre', 'post'],
    decision: 'Quyết định số 3310/QĐ-UBND ngày 18/11/2024 của Chủ tịch UBND thành phố Hà Nội',
  },
];

export const STATUSES = {
  cho_tiep_nhan: { slug: 'cho-tiep-nhan', label: 'Chờ tiếp nhận', tone: 'gray' },
  moi_tiep_nhan: { slug: 'moi-tiep-nhan', label: 'Mới tiếp nhận', tone: 'blue' },
  dang_xu_ly: { slug: 'dang-xu-ly', label: 'Đang xử lý', tone: 'blue' },
  cho_bo_sung: { slug: 'cho-bo-sung', label: 'Chờ bổ sung', tone: 'amber' },
  cho_tra_ket_qua: { slug: 'cho-tra-ket-qua', label: 'Chờ trả kết quả', tone: 'indigo' },
  da_tra_ket_qua: { slug: 'da-tra-ket-qua', label: 'Đã trả kết quả', tone: 'green' },
  tu_choi: { slug: 'tu-choi', label: 'Từ chối', tone: 'red' },
  dung_xu_ly: { slug: 'dung-xu-ly', label: 'Dừng xử lý', tone: 'gray' },
  rut_ho_so: { slug: 'rut-ho-so', label: 'Rút hồ sơ', tone: 'gray' },
};

export const CHANNELS = {
  in_person: { label: 'Trực tiếp', long: 'Trực tiếp tại Bộ phận Một cửa' },
  online: { label: 'Trực tuyến', long: 'Trực tuyến qua Cổng Dịch vụ công quốc gia' },
  postal: { label: 'Bưu chính', long: 'Qua dịch vụ bưu chính công ích' },
};

export const TIMELINESS = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
  pending_in_term: 'Trong hạn',
  pending_overdue: 'Quá hạn',
  paused: 'Tạm dừng',
};

// Applicants (fake): name parts, streets and wards of Sơn Tây.
export const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Phan', 'Đinh', 'Trịnh', 'Lương', 'Mai', 'Tạ', 'Cao'];
export const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Xuân', 'Thế', 'Gia', 'Ngọc', 'Thanh', 'Tiến', 'Công'];
export const MIDDLE_F = ['Thị', 'Thu', 'Hồng', 'Ngọc', 'Thanh', 'Minh', 'Phương', 'Bích', 'Thùy', 'Kim', 'Hải', 'Diệu'];
export const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hiếu', 'Hùng', 'Khánh', 'Long', 'Nam', 'Quân', 'Sơn', 'Tuấn', 'Việt', 'Thắng', 'Trung', 'Đạt', 'Phúc', 'Tùng', 'Kiên'];
export const GIVEN_F = ['Anh', 'Giang', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Phương', 'Thảo', 'Trang', 'Yến', 'Ngân', 'Huyền', 'Nhung', 'Oanh', 'Vân', 'Loan'];
export const STREETS = ['đường Chùa Thông', 'đường Hoàng Quốc Việt', 'đường Anh Đào', 'phố Vườn Đào', 'đường Hậu Cần', 'phố Ao Cá', 'đường Cái Dăm', 'phố Giếng Đồn', 'đường 25/4', 'phố Hải Ninh'];
export const OTHER_WARDS = ['phường Tùng Thiện', 'xã Cổ Đô', 'xã Đoài Phương', 'phường Trung Hưng', 'phường Viên Sơn'];
export const BIRTH_PROVINCES = ['001', '001', '001', '001', '022', '031', '030', '036', '034', '038'];
