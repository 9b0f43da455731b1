import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateTokenDto {
  @ApiProperty({ example: 'night-shift operator' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: ['viewer', 'operator', 'admin'] })
  @IsIn(['viewer', 'operator', 'admin'])
  role: 'viewer' | 'operator' | 'admin';
}
