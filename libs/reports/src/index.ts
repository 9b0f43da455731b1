export * from './reports.module';
export * from './compliance-report.service';
export * from './compliance-report';
export * from './compliance-csv';
export * from './lag-history';
export * from './lag-history.reader';
